import Foundation
import Synchronization

/// What to do when the lock info names a holder that died and no process holds the OS lock.
public enum StaleLockPolicy: Sendable {
    /// Take the lock and report the stale one in `StateLock.clearedStaleLock`. Safe because the
    /// OS lock is authoritative: it is free only when no process holds the lock file open locked.
    case takeOver
    /// Fail with `LockError.stale`, leaving `kiln force-unlock ID` to the user.
    case refuse
}

/// Who holds a cluster's lock, as seen from outside (`kiln state status`).
public enum LockHolder: Hashable, Sendable, CustomStringConvertible {
    case free
    /// A process holds the OS lock; its info, once written.
    case held(LockInfo?)
    /// Lock info is left behind but no process holds the OS lock.
    case stale(LockInfo)

    public var description: String {
        switch self {
        case .free: "not locked"
        case .held(let info?): "locked: \(info)"
        case .held(nil): "locked by a process that has not written its lock info yet"
        case .stale(let info): "stale lock: \(info); that process is gone (the next run clears it, or: kiln force-unlock \(info.id.uuidString))"
        }
    }
}

/// The per-cluster state lock: `<stateDir>/<cluster>.lock`, an OS lock (`flock`) held on the open
/// file for the life of this object, and the holder's `LockInfo` as the file's content. Released
/// by `release()` or when the object goes away; the OS releases it if the process dies.
public final class StateLock: Sendable {
    public let paths: StatePaths
    public let info: LockInfo
    /// The lock a dead holder left behind, cleared when this one was taken; for the CLI to report.
    public let clearedStaleLock: LockInfo?
    private let descriptor: Mutex<Int32?>

    /// What to tell the user when a stale lock was taken over; nil otherwise.
    public var staleLockReport: String? {
        clearedStaleLock.map { "cleared a stale lock of cluster `\(paths.cluster)`: \($0); it had ended without releasing the lock" }
    }

    private init(paths: StatePaths, info: LockInfo, clearedStaleLock: LockInfo?, fd: Int32) {
        self.paths = paths
        self.info = info
        self.clearedStaleLock = clearedStaleLock
        descriptor = Mutex(fd)
    }

    deinit { release() }

    /// Takes the lock for `operation`. With `timeout` zero, fails at once with `LockError.held`
    /// naming the holder; otherwise retries with backoff (50 ms doubling to 1 s) until `timeout`.
    /// Cancellable: throws `CancellationError` while waiting.
    public static func acquire(_ paths: StatePaths, operation: String, timeout: Duration = .zero,
                               stalePolicy: StaleLockPolicy = .takeOver) async throws -> StateLock {
        do { try DurableFile.ensureDirectory(paths.directory) } catch StateError.io(let path, let operation, let code) {
            throw LockError.io(path: path, operation: operation, errno: code)
        }
        let clock = ContinuousClock()
        let start = clock.now
        var delay = Duration.milliseconds(50)
        // A lock seen without info, or with a dead holder's info, is usually a passing moment
        // (a holder writing its info or releasing, a `holder(of:)` probe): look again before failing.
        var transientRetries = 3
        while true {
            try Task.checkCancellation()
            switch try LockFile.attempt(paths.lockFile) {
            case .acquired(let fd, let leftover):
                do {
                    // Taken over only when its holder is provably gone (dead on this host): info
                    // from another host may be live on a file system that does not share locks.
                    if let leftover, stalePolicy == .refuse || !leftover.holderIsDead {
                        throw LockError.stale(cluster: paths.cluster, lockFile: paths.lockFile, holder: leftover)
                    }
                    let info = LockInfo(operation: operation)
                    try LockFile.write(info, to: fd, path: paths.lockFile)
                    return StateLock(paths: paths, info: info, clearedStaleLock: leftover, fd: fd)
                } catch {
                    close(fd)  // releases the OS lock; the leftover info stays for the user to see
                    throw error
                }
            case .held(let holder):
                let waited = clock.now - start
                if waited >= timeout, transientRetries > 0, holder?.holderIsDead ?? true {
                    transientRetries -= 1
                    try await Task.sleep(for: .milliseconds(30))
                    continue
                }
                if waited >= timeout {
                    throw LockError.held(cluster: paths.cluster, lockFile: paths.lockFile, holder: holder,
                                         waited: timeout > .zero ? waited : nil)
                }
                try await Task.sleep(for: min(delay, timeout - waited))
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    /// Releases the lock and removes the lock file. Safe to call more than once.
    public func release() {
        let path = paths.lockFile
        descriptor.withLock { fd in
            guard let open = fd else { return }
            LockFile.release(open, path: path)
            fd = nil
        }
    }

    /// Who holds the lock now. Probes with a brief shared `flock`, which never blocks.
    public static func holder(of paths: StatePaths) -> LockHolder {
        let fd = open(paths.lockFile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return .free }
        defer { close(fd) }
        let info = LockFile.readInfo(fd)
        guard flock(fd, LOCK_SH | LOCK_NB) == 0 else { return .held(info) }
        flock(fd, LOCK_UN)
        return info.map(LockHolder.stale) ?? .free
    }

    /// `kiln force-unlock ID`: removes the lock info when `id` is the current lock's, for a lock
    /// whose holder is gone. Refuses a mismatching id, and a lock a live process still holds
    /// (removing its file would let a second run in beside it). Returns the removed info.
    @discardableResult
    public static func forceUnlock(_ paths: StatePaths, id: String) throws -> LockInfo {
        let path = paths.lockFile
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            if errno == ENOENT { throw LockError.notLocked(cluster: paths.cluster, lockFile: path) }
            throw LockError.io(path: path, operation: "opening", errno: errno)
        }
        defer { close(fd) }
        let info = LockFile.readInfo(fd)
        let given = id.trimmingCharacters(in: .whitespaces)
        guard let info else {
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                throw LockError.idMismatch(cluster: paths.cluster, lockFile: path, given: given, holder: nil)
            }
            throw LockError.notLocked(cluster: paths.cluster, lockFile: path)
        }
        guard UUID(uuidString: given) == info.id else {
            throw LockError.idMismatch(cluster: paths.cluster, lockFile: path, given: given, holder: info)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            throw LockError.stillHeld(cluster: paths.cluster, lockFile: path, holder: info)
        }
        if LockFile.isStillAtPath(fd, path) {
            _ = ftruncate(fd, 0)
            unlink(path)
        }
        return info
    }
}
