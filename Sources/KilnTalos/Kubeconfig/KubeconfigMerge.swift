import Foundation
import Yams

/// Merges a cluster's kubeconfig into the user's (`--merge-kubeconfig`), the way kubectl's own
/// merging treats names: the cluster's entries (cluster, user, context) replace entries of the
/// same name, everything else in the file stays, and its context becomes the current one.
public enum KubeconfigMerge {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The merged text. `existing` nil: the file does not exist yet.
    public static func merge(_ incoming: String, into existing: String?, existingPath: String) throws -> String {
        guard let new = try Yams.load(yaml: incoming) as? [String: Any] else {
            throw Failure(path: "the cluster's kubeconfig", reason: "is not a YAML mapping")
        }
        var merged: [String: Any] = ["apiVersion": "v1", "kind": "Config", "preferences": [String: Any]()]
        if let existing, !existing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let old = try? Yams.load(yaml: existing) as? [String: Any] else {
                throw Failure(path: existingPath, reason: "is not a kubeconfig kiln can read (not a YAML mapping); fix or move it, then run again")
            }
            merged = old
        }
        for section in ["clusters", "users", "contexts"] {
            let incomingEntries = new[section] as? [[String: Any]] ?? []
            let names = Set(incomingEntries.compactMap { $0["name"] as? String })
            let kept = (merged[section] as? [[String: Any]] ?? []).filter { !names.contains($0["name"] as? String ?? "") }
            merged[section] = kept + incomingEntries
        }
        if let current = new["current-context"] as? String { merged["current-context"] = current }
        return try Yams.dump(object: merged, sortKeys: true)
    }

    /// Where kubectl looks first: the first path of `$KUBECONFIG`, else `~/.kube/config`.
    public static func userKubeconfigPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let list = environment["KUBECONFIG"], let first = list.split(separator: ":").first { return String(first) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".kube/config")
    }
}
