import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads an upload source chunk by chunk, so a multi-GB disk image never sits in memory.
final class LocalSource {
    private let fd: Int32?
    private let bytes: [UInt8]
    private var offset = 0
    let totalBytes: UInt64
    let label: String

    init(_ source: SFTPUploadSource, endpoint: String) throws {
        switch source {
        case .bytes(let data):
            fd = nil
            bytes = data
            totalBytes = UInt64(data.count)
            label = "\(data.count) bytes from memory"
        case .file(let path):
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else {
                throw SSHError(.localFileFailed, endpoint: endpoint, context: "opening \(path) for upload",
                               detail: String(cString: strerror(errno)))
            }
            var info = Glibc.stat()
            guard fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                Glibc.close(opened)
                throw SSHError(.localFileFailed, endpoint: endpoint, context: "opening \(path) for upload",
                               detail: "not a regular file")
            }
            fd = opened
            bytes = []
            totalBytes = UInt64(info.st_size)
            label = path
        }
    }

    /// Fills `buffer` from the current position; returns the byte count, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer, endpoint: String) throws -> Int {
        if let fd {
            while true {
                let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if n >= 0 { return n }
                if errno == EINTR { continue }
                throw SSHError(.localFileFailed, endpoint: endpoint, context: "reading \(label)",
                               detail: String(cString: strerror(errno)))
            }
        }
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }

    deinit {
        if let fd { Glibc.close(fd) }
    }
}
