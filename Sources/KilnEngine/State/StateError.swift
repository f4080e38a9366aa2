import Foundation

/// Why state could not be read or written. Every case names the file; none carries a secret.
/// When loading fails, the state file is left exactly as it was.
public enum StateError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidClusterName(String)
    /// Not valid JSON, or JSON that is not a kiln state file.
    case corrupt(path: String, detail: String, line: Int?, column: Int?)
    /// The file ends before its JSON does (an interrupted copy, a full disk).
    case truncated(path: String, detail: String)
    /// Written by a newer kiln in a format this one does not know.
    case newerFormat(path: String, formatVersion: Int, writtenBy: String?)
    case unsupportedFormat(path: String, formatVersion: Int)
    /// Sealed values were sealed under another key.
    case wrongKey(path: String, neededKeyID: String, usedKeyID: String, keySource: String)
    /// The key id matches but a sealed value does not open: the file was edited or damaged.
    case unreadableSealedValue(path: String, address: ResourceAddress, name: String)
    /// The file belongs to another cluster.
    case clusterMismatch(path: String, expected: String, found: String)
    /// The file on disk is a different state (another lineage) than the one loaded.
    case lineageMismatch(path: String, expected: UUID, found: UUID)
    /// The file changed on disk since it was loaded (someone wrote it without holding the lock).
    case changedOnDisk(path: String, detail: String)
    case noSuchResource(ResourceAddress)
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .invalidClusterName(let name):
            return "`\(name)` cannot name a state file: use letters, digits, `-`, `_` and `.`, not starting with `.`"
        case .corrupt(let path, let detail, let line, let column):
            let position = line.map { " at line \($0)" + (column.map { ", column \($0)" } ?? "") } ?? ""
            return "state file \(path) is not valid\(position): \(detail). kiln left it untouched; \(Self.backupHint(path))"
        case .truncated(let path, let detail):
            return "state file \(path) is truncated (\(detail)). kiln left it untouched; \(Self.backupHint(path))"
        case .newerFormat(let path, let version, let writtenBy):
            let by = writtenBy.map { "a newer kiln (\($0))" } ?? "a newer kiln"
            return "state file \(path) was written by \(by) in format \(version); this kiln reads format "
                + "\(StateDocument.currentFormatVersion). Upgrade kiln; the file was left untouched"
        case .unsupportedFormat(let path, let version):
            return "state file \(path) has format version \(version), which no kiln writes. kiln left it untouched; \(Self.backupHint(path))"
        case .wrongKey(let path, let needed, let used, let source):
            return "state file \(path) was sealed with state key \(needed), but the key in use is \(used) (from \(source)). "
                + "Provide the key with id \(needed): set \(StateKeyLoader.environmentVariable) to it or pass --state-key-file "
                + "with the file that holds it. The state file was left untouched"
        case .unreadableSealedValue(let path, let address, let name):
            return "state file \(path): the sealed value `\(name)` of \(address) does not open with the right key; "
                + "the file was edited or damaged. kiln left it untouched; \(Self.backupHint(path))"
        case .clusterMismatch(let path, let expected, let found):
            return "state file \(path) holds the state of cluster `\(found)`, not `\(expected)`; it was left untouched"
        case .lineageMismatch(let path, let expected, let found):
            return "state file \(path) now holds another state (lineage \(found), expected \(expected)); "
                + "kiln did not overwrite it. Was it replaced while kiln ran?"
        case .changedOnDisk(let path, let detail):
            return "state file \(path) changed on disk since kiln loaded it (\(detail)); kiln did not overwrite it. "
                + "Another kiln may have run without the lock: re-run to start from the current state"
        case .noSuchResource(let address):
            return "no resource \(address) in state"
        case .io(let path, let operation, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        }
    }

    private static func backupHint(_ path: String) -> String {
        "the previous version, if any, is \(path).backup: check it and copy it over the state file if it is good"
    }
}
