import Foundation

/// The POSIX side of the state lock: a `flock(2)` on an open lock file, whose content is the
/// holder's `LockInfo`. Every call is non-blocking (`LOCK_NB`): waiting is done by the caller
/// with `Task.sleep`, so no thread of the cooperative pool ever blocks on the lock.
enum LockFile {
    enum Attempt {
        case acquired(fd: Int32, leftover: LockInfo?)
        case held(LockInfo?)
    }

    static func attempt(_ path: String) throws -> Attempt {
        // The file may be unlinked by a releasing holder between open and flock; then the lock
        // we got is on a file nobody else will see, and we start over.
        for _ in 0..<16 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw LockError.io(path: path, operation: "opening", errno: errno) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                let info = readInfo(fd)
                close(fd)
                if code == EWOULDBLOCK || code == EINTR { return .held(info) }
                throw LockError.io(path: path, operation: "locking", errno: code)
            }
            guard isStillAtPath(fd, path) else {
                close(fd)
                continue
            }
            // Info left in a file whose lock was free: its holder died without releasing.
            return .acquired(fd: fd, leftover: readInfo(fd))
        }
        throw LockError.io(path: path, operation: "locking (the file kept being replaced)", errno: EAGAIN)
    }

    /// Replaces the file's content with `info`. Not fsynced, on purpose: after a machine crash no
    /// process holds the OS lock, so info lost with the page cache would only have been stale.
    static func write(_ info: LockInfo, to fd: Int32, path: String) throws {
        let bytes = try info.encoded()
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0, fchmod(fd, 0o600) == 0 else {
            throw LockError.io(path: path, operation: "writing", errno: errno)
        }
        do { try DurableFile.writeAll(fd, bytes, path: path) } catch StateError.io(_, _, let code) {
            throw LockError.io(path: path, operation: "writing", errno: code)
        }
    }

    /// Clears and removes the lock file while still holding its lock, then closes (which
    /// releases it): a waiter that opened the old file notices it is gone and retries.
    static func release(_ fd: Int32, path: String) {
        if isStillAtPath(fd, path) {
            _ = ftruncate(fd, 0)
            unlink(path)
        }
        close(fd)
    }

    static func readInfo(_ fd: Int32) -> LockInfo? {
        guard lseek(fd, 0, SEEK_SET) == 0, let bytes = try? DurableFile.readAll(fd, path: "") else { return nil }
        return LockInfo.decode(bytes)
    }

    static func isStillAtPath(_ fd: Int32, _ path: String) -> Bool {
        var opened = stat(), named = stat()
        guard fstat(fd, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
    }
}
