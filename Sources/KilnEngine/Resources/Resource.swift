/// What a plan wants to exist: one vertex of the graph. Providers turn a validated plan into
/// these; the engine diffs them against recorded state and runs the changes.
public struct Resource: Hashable, Sendable {
    public enum Lifecycle: Hashable, Sendable {
        /// Something outside that kiln creates, changes and deletes.
        case managed
        /// A readiness gate ("wait until the API answers"): its create is a wait, bounded by
        /// `timeout`; it holds no parallelism slot while it sleeps between probes.
        case gate(timeout: Duration)
    }

    public var address: ResourceAddress
    public var lifecycle: Lifecycle
    /// Desired attributes. Values providers learn while working (a VMID picked at create time,
    /// a kubeconfig) are outputs of the record, not attributes.
    public var attributes: Attributes
    /// Attributes whose change cannot be applied in place: the plan shows `-/+` and
    /// `# forces replacement`, and `apply` refuses without `--replace`.
    public var forcesReplacement: Set<String>
    /// Attributes printed as `(sensitive value)` and sealed in state.
    public var sensitive: Set<String>
    /// Resources that must be done before this one starts.
    public var dependencies: Set<ResourceAddress>

    public init(address: ResourceAddress, lifecycle: Lifecycle = .managed, attributes: Attributes = [:],
                forcesReplacement: Set<String> = [], sensitive: Set<String> = [],
                dependencies: Set<ResourceAddress> = []) {
        self.address = address
        self.lifecycle = lifecycle
        self.attributes = attributes
        self.forcesReplacement = forcesReplacement
        self.sensitive = sensitive
        self.dependencies = dependencies
    }

    public var isGate: Bool { if case .gate = lifecycle { true } else { false } }
}
