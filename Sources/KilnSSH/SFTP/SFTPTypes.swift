/// What to upload: a local file (streamed in chunks, never loaded whole) or bytes in memory.
public enum SFTPUploadSource: Sendable {
    case file(path: String)
    case bytes([UInt8])
}

/// Upload progress, reported after each chunk the server accepted.
public struct SFTPUploadProgress: Sendable, Equatable {
    public let bytesSent: UInt64
    public let totalBytes: UInt64

    public init(bytesSent: UInt64, totalBytes: UInt64) {
        self.bytesSent = bytesSent
        self.totalBytes = totalBytes
    }
}

/// A remote file's attributes, as SFTP `stat` reports them.
public struct SFTPFileAttributes: Sendable, Equatable {
    public let size: UInt64?
    /// Permission bits (`0o640`), without the file-type bits.
    public let permissions: UInt32?
    public let isDirectory: Bool
    public let isRegularFile: Bool
}
