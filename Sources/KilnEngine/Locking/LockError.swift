import Foundation

/// Why the state lock could not be taken or removed. Each names the cluster, the lock file and,
/// when known, the holder, and says what to do.
public enum LockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process holds the OS lock. `waited` is how long acquire waited (nil: it did not).
    case held(cluster: String, lockFile: String, holder: LockInfo?, waited: Duration?)
    /// The lock info names a holder that is gone and no process holds the OS lock; returned
    /// only with `StaleLockPolicy.refuse` (the default policy takes the lock over).
    case stale(cluster: String, lockFile: String, holder: LockInfo)
    /// force-unlock with an id that is not the current lock's.
    case idMismatch(cluster: String, lockFile: String, given: String, holder: LockInfo?)
    /// force-unlock when there is no lock.
    case notLocked(cluster: String, lockFile: String)
    /// force-unlock while a live process still holds the OS lock: removing the info would let
    /// two runs write state at once.
    case stillHeld(cluster: String, lockFile: String, holder: LockInfo?)
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .held(let cluster, let lockFile, let holder, let waited):
            let waitedText = waited.map { " (waited \(Self.format($0)))" } ?? ""
            guard let holder else {
                return "the state of cluster `\(cluster)` is locked by another process that has not written its lock info yet"
                    + "\(waitedText); lock file \(lockFile). Retry, or wait with --lock-timeout"
            }
            if holder.holderIsDead {
                return "the state of cluster `\(cluster)` is locked\(waitedText): the lock info names \(holder), "
                    + "and that process is gone, yet the OS lock on \(lockFile) is still held, probably by a process it started. "
                    + "`fuser \(lockFile)` shows which; stop it and retry"
            }
            return "the state of cluster `\(cluster)` is locked: \(holder)\(waitedText). Wait for it to finish "
                + "(--lock-timeout waits); if that run is gone for good: kiln force-unlock \(holder.id.uuidString)"
        case .stale(let cluster, let lockFile, let holder):
            let why = holder.holderIsDead ? "that process is gone and no process holds the lock"
                : "no process holds the lock (its holder ended without releasing it, or ran on another host)"
            return "the state of cluster `\(cluster)` has a stale lock: \(holder), but \(why) (\(lockFile)). "
                + "If no kiln runs for this cluster: kiln force-unlock \(holder.id.uuidString)"
        case .idMismatch(let cluster, _, let given, let holder):
            let current = holder.map { "the current lock is \($0)" } ?? "the lock holder has not written its info yet"
            return "lock ID \(given) is not the lock of cluster `\(cluster)`: \(current). Nothing was unlocked"
        case .notLocked(let cluster, let lockFile):
            return "the state of cluster `\(cluster)` is not locked (no lock info in \(lockFile))"
        case .stillHeld(let cluster, let lockFile, let holder):
            let who = holder.map { " by \($0)" } ?? ""
            return "the state lock of cluster `\(cluster)` is held\(who), and the OS lock on \(lockFile) shows a live process "
                + "still holds it; force-unlock would let two runs write state at once. Stop that process first"
        case .io(let path, let operation, let code):
            return "\(operation) the lock file \(path) failed: \(String(cString: strerror(code)))"
        }
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds < 10 ? String(format: "%.1fs", seconds) : "\(Int(seconds))s"
    }
}
