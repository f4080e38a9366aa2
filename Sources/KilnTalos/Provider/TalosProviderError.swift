import KilnEngine
import KilnTalosAPI

/// What the Talos provider reports when a node does not do what the plan needs. Each names the
/// node and what kiln saw last, and says what to do; none carries a config or a key.
public enum TalosProviderError: Error, Sendable, CustomStringConvertible, HintedError {
    /// A wait ran out: the node never reached `goal`.
    case timedOut(node: String, address: String, goal: String, after: Duration, lastSeen: String)
    /// The node refused the config (InvalidArgument and the like).
    case configRejected(node: String, address: String, reason: String)
    /// A call failed in a way retrying does not fix.
    case call(node: String, address: String, what: String, error: TalosClientError)
    /// The secrets bundle did not reach the resource (a planner bug or a damaged state).
    case noSecrets(String)
    /// A recorded resource names a node the plan no longer has.
    case notInPlan(ResourceAddress, node: String)
    /// Writing a client file (kubeconfig, talosconfig) failed.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .timedOut(let node, let address, let goal, let after, let lastSeen):
            "\(node) (\(address)) did not \(goal) within \(Self.seconds(after)); last seen: \(lastSeen)"
        case .configRejected(let node, let address, let reason):
            "\(node) (\(address)) refused its machine config: \(reason)"
        case .call(let node, let address, let what, let error):
            "\(what) on \(node) (\(address)) failed: \(error)"
        case .noSecrets(let detail):
            "the cluster's Talos secrets are not available: \(detail)"
        case .notInPlan(let address, let node):
            "\(address) is for node \(node), which the plan does not have"
        case .file(let path, let reason):
            "\(path) could not be written: \(reason)"
        }
    }

    public var hint: String {
        switch self {
        case .timedOut(let node, _, let goal, _, _) where goal.contains("maintenance"):
            "check that \(node)'s VM booted the Talos image and has the plan's address (its console shows the IP), then run `kiln apply` again"
        case .timedOut(let node, _, _, _, _):
            "check \(node)'s console or `talosctl dmesg`; when it answers again, run `kiln apply` again: finished steps are recorded"
        case .configRejected:
            "fix the plan or the patch the reason points at; `kiln talos config PLAN --node NAME` shows the config kiln sends"
        case .call:
            "run `kiln apply` again once the node answers; finished steps are recorded"
        case .noSecrets:
            "run `kiln plan` to see the state of talos_secrets.cluster, then `kiln apply`"
        case .notInPlan:
            "run `kiln plan`: a node removed from the plan is deleted, not configured"
        case .file(let path, _):
            "make \(path)'s directory writable, then run `kiln apply` again"
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds >= 120 ? "\(Int(seconds / 60)) min" : String(format: seconds < 10 ? "%.1f s" : "%.0f s", seconds)
    }
}
