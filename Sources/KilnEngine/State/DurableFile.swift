import Foundation

/// The POSIX file operations state needs, each durable when it returns: atomic replace via a
/// temporary file in the same directory (fsync, rename, fsync the directory), reads that tell
/// "missing" from "unreadable", private directories. Blocking: call from the state store's own
/// executor, never from the cooperative pool.
enum DurableFile {
    /// The file's bytes, or nil when it does not exist.
    static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw StateError.io(path: path, operation: "opening", errno: errno)
        }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    static func readAll(_ fd: Int32, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StateError.io(path: path, operation: "reading", errno: errno)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk.prefix(count))
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { Foundation.write(fd, $0 + offset, buffer.count - offset) } ?? 0
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw StateError.io(path: path, operation: "writing", errno: errno)
            }
            offset += count
        }
    }

    /// Replaces `path` with `bytes` so that a crash at any moment leaves either the old or the new
    /// content, never a mix: write a 0600 temporary file beside it, fsync, rename over, fsync the
    /// directory. The temporary file is removed when anything fails.
    static func replace(_ path: String, with bytes: [UInt8], temporaryPrefix: String, mode: mode_t = 0o600) throws {
        let temporary = temporaryPrefix + randomSuffix()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw StateError.io(path: temporary, operation: "creating", errno: errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            // The umask can only narrow the mode; set it exactly so a wide umask never matters.
            guard fchmod(fd, mode) == 0 else { throw StateError.io(path: temporary, operation: "setting the mode of", errno: errno) }
            try writeAll(fd, bytes, path: temporary)
            guard fsync(fd) == 0 else { throw StateError.io(path: temporary, operation: "syncing", errno: errno) }
        }
        guard rename(temporary, path) == 0 else { throw StateError.io(path: path, operation: "renaming into place", errno: errno) }
        renamed = true
        try syncDirectory(containing: path)
    }

    /// Makes a rename durable: the directory entry is only on disk once the directory is synced.
    static func syncDirectory(containing path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StateError.io(path: directory, operation: "opening the directory", errno: errno) }
        defer { close(fd) }
        // Some file systems refuse fsync on directories (EINVAL); the rename is then as durable as it gets.
        if fsync(fd) != 0 && errno != EINVAL {
            throw StateError.io(path: directory, operation: "syncing the directory", errno: errno)
        }
    }

    /// Creates `path` (and missing parents) as a private 0700 directory; an existing one is kept as is.
    static func ensureDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try ensureDirectory(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw StateError.io(path: path, operation: "creating the directory", errno: errno)
        }
    }

    static func randomSuffix() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
    }
}
