/// One resource in a plan, with everything needed to turn its change into a job.
struct PlanVertex: Sendable {
    var change: ResourceChange
    var desired: Resource?
    /// The record the job acts on (refreshed when refresh ran).
    var current: ResourceRecord?
    /// What the job waits for: dependencies in apply mode, former dependents for deletions.
    var dependencies: Set<ResourceAddress>
    /// Whether an object exists now that this change would destroy (false after a refresh
    /// found it gone, or when nothing was ever created).
    var existsOutside: Bool
    var isGate: Bool

    var address: ResourceAddress { change.address }

    /// A replace or delete of something that exists and is not a gate: warned about, and
    /// refused by `ApplyPolicy` without a flag.
    var destroysExisting: Bool { change.destroysExisting && existsOutside && !isGate }
}
