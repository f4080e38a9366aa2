import Foundation

/// Where one cluster's state lives: `<directory>/<cluster>.json`, its backup, its lock and the
/// prefix of the temporary files atomic writes go through.
public struct StatePaths: Hashable, Sendable {
    /// `.kiln` in the working directory, as DESIGN.md says.
    public static var defaultDirectory: String {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent(".kiln", isDirectory: true).path
    }

    public let directory: String
    public let cluster: String

    /// Throws `StateError.invalidClusterName` for names that are not safe as a file name
    /// (plan validation already restricts cluster names to DNS labels; this guards other callers).
    public init(directory: String = StatePaths.defaultDirectory, cluster: String) throws {
        guard Self.isSafeName(cluster) else { throw StateError.invalidClusterName(cluster) }
        self.directory = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL.path
        self.cluster = cluster
    }

    public var stateFile: String { path("\(cluster).json") }
    public var backupFile: String { path("\(cluster).json.backup") }
    public var lockFile: String { path("\(cluster).lock") }
    /// `<directory>/<cluster>/`: the cluster's client files (kubeconfig, talosconfig).
    public var clusterDirectory: String { path(cluster) }
    /// Temporary files are `<cluster>.json.tmp-<random>`: loading never reads them, so one left
    /// behind by a crash is harmless.
    var temporaryPrefix: String { path("\(cluster).json.tmp-") }

    private func path(_ name: String) -> String {
        URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(name).path
    }

    private static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 253 && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }
}
