/// One vertex the executor runs: where it sits in the graph and what it does. The planner
/// builds these from `ResourceChange`s (see `VertexJob+Provider.swift`); the executor only
/// schedules them, hands them a context and records what they return.
public struct VertexJob: Sendable {
    /// What a finished job did, which decides what the executor writes to state.
    public enum Outcome: Hashable, Sendable {
        /// The resource exists as `record` now (created, updated, replaced, adopted): written to state.
        case recorded(ResourceRecord)
        /// The resource is gone: its record is removed from state.
        case removed
        /// Nothing changed: state is not written. The record, if any, gives dependents its outputs.
        case unchanged(ResourceRecord?)

        /// What dependents receive through `OperationContext.dependencyOutputs`.
        public var outputs: Attributes {
            switch self {
            case .recorded(let record): record.outputs
            case .removed: [:]
            case .unchanged(let record): record?.outputs ?? [:]
            }
        }
    }

    public typealias Work = @Sendable (OperationContext) async throws -> Outcome

    public let address: ResourceAddress
    /// What the plan says happens here; shown in events and the run summary.
    public let action: ResourceChange.Action
    /// Vertices that must finish first. In a destroy, the vertices that depended on this one.
    public let dependencies: Set<ResourceAddress>
    /// A readiness gate: drawn and reported as a wait.
    public let isGate: Bool
    /// When set, the operation gets `context.deadline` and fails with `GateTimeoutError` when
    /// it overruns (gates take it from `Resource.Lifecycle.gate(timeout:)`).
    public let timeout: Duration?
    public let work: Work

    public init(address: ResourceAddress, action: ResourceChange.Action, dependencies: Set<ResourceAddress> = [],
                isGate: Bool = false, timeout: Duration? = nil, work: @escaping Work) {
        self.address = address
        self.action = action
        self.dependencies = dependencies
        self.isGate = isGate
        self.timeout = timeout
        self.work = work
    }
}
