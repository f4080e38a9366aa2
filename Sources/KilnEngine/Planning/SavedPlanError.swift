import Foundation

/// Why a saved plan (`kiln plan -out FILE`) cannot be written, read or applied.
public enum SavedPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case unreadable(path: String, detail: String)
    /// Not JSON, or JSON that is not a saved plan.
    case malformed(path: String, detail: String)
    case newerFormat(path: String, formatVersion: Int, writtenBy: String?)
    case writeFailed(path: String, detail: String)
    /// The state in use is another state than the one the plan was made against.
    case otherLineage(saved: UUID, current: UUID)
    /// The state was written since the plan was made.
    case stale(savedSerial: Int, currentSerial: Int)
    /// The plan file's bytes are not those the saved plan was made from.
    case planFileChanged(path: String, savedSHA256: String, currentSHA256: String)
    /// Planning again now gives other changes for these addresses (the outside world moved).
    case planDiffers([ResourceAddress])

    public var description: String {
        switch self {
        case .notFound(let path):
            "saved plan \(path) does not exist"
        case .unreadable(let path, let detail):
            "saved plan \(path) cannot be read: \(detail)"
        case .malformed(let path, let detail):
            "\(path) is not a valid kiln saved plan: \(detail). Make it again with kiln plan -out"
        case .newerFormat(let path, let version, let writtenBy):
            "saved plan \(path) was written by a newer kiln\(writtenBy.map { " (\($0))" } ?? "") in format \(version); "
                + "this kiln reads format \(SavedPlan.currentFormatVersion). Upgrade kiln or plan again"
        case .writeFailed(let path, let detail):
            "writing saved plan \(path) failed: \(detail)"
        case .otherLineage(let saved, let current):
            "the saved plan was made for another state (lineage \(saved), the state in use is \(current)); run kiln plan again"
        case .stale(let saved, let current):
            "saved plan is stale: the state moved on (serial \(saved) → \(current)); run kiln plan again"
        case .planFileChanged(let path, let saved, let current):
            "the plan file changed since the saved plan was made (\(path): sha256 \(saved.prefix(12))… → \(current.prefix(12))…); "
                + "run kiln plan again"
        case .planDiffers(let addresses):
            "the saved plan no longer matches what kiln would do now"
                + (addresses.isEmpty ? " (other plan options)" : " (\(PlanningError.list(addresses)))")
                + ": something changed since it was made; run kiln plan again"
        }
    }
}
