/// Why a plan could not be made. Each case names what is wrong and where.
public enum PlanningError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No provider owns `type`; `addresses` are the resources of that type.
    case noProvider(type: String, addresses: [ResourceAddress])
    /// Two providers claim the same resource type.
    case typeOwnedTwice(type: String, providers: [String])
    /// The desired resources (or the recorded dependencies) do not form a graph.
    case invalidGraph(GraphError)
    /// `--target` named something neither in the plan nor in state.
    case unknownTarget(ResourceAddress)
    /// `--replace` named something that is not a desired resource; `inState` tells whether
    /// state still knows it (then it is being deleted, not replaced).
    case unknownReplaceAddress(ResourceAddress, inState: Bool)
    /// `--replace` named a resource outside the `--target` selection.
    case replaceOutsideTargets(ResourceAddress)
    /// `--replace` makes no sense when everything is being destroyed.
    case replaceInDestroyMode([ResourceAddress])
    /// A provider's refresh threw: which provider, for which resources, what it said, and what
    /// to do about it when the provider knows.
    case refreshFailed(provider: String, addresses: [ResourceAddress], message: String, hint: String?)
    /// A planned change could not become a job (a planner bug, reported rather than crashing).
    case jobBuild(JobBuildError)

    public var description: String {
        switch self {
        case .noProvider(let type, let addresses):
            "no provider handles resource type `\(type)` (used by \(Self.list(addresses))); is kiln built with it?"
        case .typeOwnedTwice(let type, let providers):
            "resource type `\(type)` is claimed by more than one provider: \(providers.joined(separator: ", "))"
        case .invalidGraph(let error):
            "the resources do not form a valid graph: \(error)"
        case .unknownTarget(let address):
            "--target \(address): no such resource in the plan or in state"
        case .unknownReplaceAddress(let address, let inState):
            inState
                ? "--replace \(address): it is no longer in the plan, so it will be deleted, not replaced"
                : "--replace \(address): no such resource in the plan"
        case .replaceOutsideTargets(let address):
            "--replace \(address): it is outside the --target selection; add it as a target too"
        case .replaceInDestroyMode(let addresses):
            "--replace (\(Self.list(addresses))) cannot be combined with destroy"
        case .refreshFailed(let provider, let addresses, let message, let hint):
            "refreshing \(Self.list(addresses)) failed (\(provider)): \(message)\n  fix: "
                + (hint ?? "fix the cause above and run the command again; nothing was changed")
                + " (`--refresh=false` plans from the recorded state without asking)"
        case .jobBuild(let error):
            "internal error building the run: \(error)"
        }
    }

    static func list(_ addresses: [ResourceAddress]) -> String {
        let shown = addresses.prefix(8).map(\.description).joined(separator: ", ")
        return addresses.count > 8 ? shown + " and \(addresses.count - 8) more" : shown
    }
}
