/// The seam between the engine and the outside world. One provider per outside system
/// (Proxmox, Talos, Kubernetes…), owning the resource types it names. The engine calls it;
/// it never calls another provider: values flow between resources through outputs.
///
/// Retries are the provider's business (it knows what is transient); the engine gives it
/// cancellation and a deadline through the context.
public protocol ResourceProvider: Sendable {
    /// The resource types this provider owns, e.g. `["proxmox_vm", "proxmox_image"]`.
    var resourceTypes: Set<String> { get }

    /// Reads what exists now for many records at once (one API call for all VMs, not one
    /// each). Records missing from the answer are treated as unchanged.
    func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome]

    /// How `desired` differs from `current`. The default compares attributes and replaces when
    /// an attribute in `forcesReplacement` changed; providers override it to add knowledge
    /// (e.g. a disk may grow in place but never shrink).
    func diff(desired: Resource, current: ResourceRecord) -> ResourceChange

    /// Makes the resource exist. Must call `context.recordIntent` before the first outside
    /// effect, with every id it is about to use.
    func create(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord

    func update(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord

    /// "Does not exist" is success.
    func delete(_ record: ResourceRecord, context: OperationContext) async throws

    /// A run died during `record.pending`: find what it left behind and take it over, or say
    /// there is nothing, so the operation can safely run again.
    func adopt(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome
}

/// What a refresh found.
public enum RefreshOutcome: Hashable, Sendable {
    /// It exists; the record as the outside world shows it now (drift shows as a difference).
    case present(ResourceRecord)
    /// It is gone (deleted outside kiln): the plan creates it again.
    case absent
}

/// What adopting an unfinished operation found.
public enum AdoptionOutcome: Hashable, Sendable {
    /// The operation had taken effect (fully or up to `pending.step`); this is the record now.
    case adopted(ResourceRecord)
    /// Nothing was left behind: the operation can be run from the start.
    case nothingFound
}

extension ResourceProvider {
    public func diff(desired: Resource, current: ResourceRecord) -> ResourceChange {
        AttributeDiff.change(desired: desired, current: current)
    }
}
