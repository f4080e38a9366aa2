import Foundation

/// Where a response body goes.
enum BodySink {
    /// Kept in memory, failing past `limit` bytes.
    case memory(limit: Int)
    /// Streamed to `destination` through a `.partial` file renamed on success; error bodies
    /// (non-2xx) are kept in memory instead, up to a small limit, so they can be reported.
    case file(destination: URL)
}

/// Collects a response body as libcurl delivers it, into memory or a download file, so a
/// failed or interrupted download never leaves a truncated file at the final path.
struct ResponseBodyCollector {
    struct Failure: Error {
        let kind: HTTPError.Kind
        let message: String
    }

    static let errorBodyLimit = 64 << 10

    let sink: BodySink
    /// The body kept in memory: all of it, or for downloads the error body of a non-2xx answer.
    private(set) var memory = Data()
    private(set) var received: Int64 = 0
    private var partialFile: FileHandle?

    init(sink: BodySink) { self.sink = sink }

    mutating func append(_ bytes: UnsafeRawBufferPointer, status: Int) throws(Failure) {
        received += Int64(bytes.count)
        switch sink {
        case .memory(let limit):
            guard memory.count + bytes.count <= limit else {
                throw Failure(kind: .bodyTooLarge,
                              message: "the response body exceeds \(limit) bytes; download it to a file instead")
            }
            memory.append(contentsOf: bytes)
        case .file(let destination):
            guard (200..<300).contains(status) else {
                if memory.count < Self.errorBodyLimit {
                    memory.append(contentsOf: bytes.prefix(Self.errorBodyLimit - memory.count))
                }
                return
            }
            do {
                if partialFile == nil { partialFile = try Self.createPartialFile(for: destination) }
                try partialFile?.write(contentsOf: bytes)
            } catch {
                throw Failure(kind: .localFile, message: "writing \(Self.partialPath(for: destination)) failed: \(error.localizedDescription)")
            }
        }
    }

    /// The transfer succeeded: a 2xx download is flushed and moved to its final path (an empty
    /// body still makes an empty file).
    mutating func complete(status: Int) throws(Failure) {
        guard case .file(let destination) = sink, (200..<300).contains(status) else { return }
        do {
            if partialFile == nil { partialFile = try Self.createPartialFile(for: destination) }
            try partialFile?.synchronize()
            try partialFile?.close()
            partialFile = nil
            if rename(Self.partialPath(for: destination), destination.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            throw Failure(kind: .localFile, message: "saving \(destination.path) failed: \(error.localizedDescription)")
        }
    }

    /// The transfer failed: remove whatever part of a download was written.
    mutating func discard() {
        guard case .file(let destination) = sink else { return }
        try? partialFile?.close()
        partialFile = nil
        unlink(Self.partialPath(for: destination))
    }

    private static func partialPath(for destination: URL) -> String { destination.path + ".partial" }

    private static func createPartialFile(for destination: URL) throws -> FileHandle {
        let path = partialPath(for: destination)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }
}
