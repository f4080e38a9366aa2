/// Jobs for each plan action, built on the `ResourceProvider` seam only: what a create, an
/// update, a replace… means in calls to a provider, with nothing provider-specific.
extension VertexJob {
    /// Creates `resource` (for a gate: waits until it is ready, bounded by its timeout).
    public static func create(_ resource: Resource, provider: any ResourceProvider,
                              dependencies: Set<ResourceAddress>? = nil) -> VertexJob {
        VertexJob(resource, action: .create, dependencies: dependencies) { context in
            .recorded(stamped(try await provider.create(resource, context: context), from: resource))
        }
    }

    public static func update(_ resource: Resource, current: ResourceRecord, provider: any ResourceProvider,
                              dependencies: Set<ResourceAddress>? = nil) -> VertexJob {
        VertexJob(resource, action: .update, dependencies: dependencies) { context in
            .recorded(stamped(try await provider.update(resource, current: current, context: context), from: resource))
        }
    }

    /// `-/+`: deletes the current object, then creates the replacement. Each step records its
    /// own intent, so a run that dies between them leaves state saying which step it was in.
    public static func replace(_ resource: Resource, current: ResourceRecord, provider: any ResourceProvider,
                               dependencies: Set<ResourceAddress>? = nil) -> VertexJob {
        VertexJob(resource, action: .replace, dependencies: dependencies) { context in
            try await provider.delete(current, context: context)
            try Task.checkCancellation()
            return .recorded(stamped(try await provider.create(resource, context: context), from: resource))
        }
    }

    /// Deletes what `record` names. `dependencies` are explicit because a destroy runs in
    /// reverse: it waits for the vertices that depended on this one.
    public static func delete(_ record: ResourceRecord, provider: any ResourceProvider,
                              dependencies: Set<ResourceAddress>) -> VertexJob {
        VertexJob(address: record.address, action: .delete, dependencies: dependencies) { context in
            try await provider.delete(record, context: context)
            return .removed
        }
    }

    /// Takes over what a dead run left behind (`record.pending`). When nothing was left, the
    /// interrupted operation runs again: create or update toward `desired`, or delete when
    /// the plan no longer wants the resource.
    public static func adopt(_ record: ResourceRecord, desired: Resource?, provider: any ResourceProvider,
                             dependencies: Set<ResourceAddress>? = nil) -> VertexJob {
        VertexJob(address: record.address, action: .adopt,
                  dependencies: dependencies ?? desired?.dependencies ?? record.dependencies,
                  isGate: desired?.isGate ?? false, timeout: desired?.gateTimeout) { context in
            switch try await provider.adopt(record, desired: desired, context: context) {
            case .adopted(let adopted):
                return .recorded(desired.map { stamped(adopted, from: $0) } ?? adopted)
            case .nothingFound:
                // An interrupted delete (alone, or the first half of a replace) is finished
                // before anything new is made: "nothing found" cannot tell that the old object
                // is gone, and deleting what does not exist is success.
                if record.pending?.operation == .delete || desired == nil {
                    try await provider.delete(record, context: context)
                }
                guard let desired else { return .removed }
                try Task.checkCancellation()
                if record.pending?.operation == .update {
                    return .recorded(stamped(try await provider.update(desired, current: record, context: context), from: desired))
                }
                return .recorded(stamped(try await provider.create(desired, context: context), from: desired))
            }
        }
    }

    /// A vertex with nothing to do, kept so its outputs reach dependents.
    public static func unchanged(_ address: ResourceAddress, record: ResourceRecord?,
                                 dependencies: Set<ResourceAddress> = []) -> VertexJob {
        VertexJob(address: address, action: .noOp, dependencies: dependencies) { _ in .unchanged(record) }
    }

    /// The job for one planned change. Throws `JobBuildError` when the change needs a desired
    /// resource or a current record that was not given.
    public static func forChange(_ change: ResourceChange, desired: Resource?, current: ResourceRecord?,
                                 provider: any ResourceProvider,
                                 dependencies: Set<ResourceAddress>? = nil) throws(JobBuildError) -> VertexJob {
        func need<T>(_ value: T?, _ what: JobBuildError.Missing) throws(JobBuildError) -> T {
            guard let value else { throw JobBuildError(address: change.address, action: change.action, missing: what) }
            return value
        }
        switch change.action {
        case .create:
            return create(try need(desired, .desired), provider: provider, dependencies: dependencies)
        case .update:
            return update(try need(desired, .desired), current: try need(current, .current), provider: provider,
                          dependencies: dependencies)
        case .replace:
            return replace(try need(desired, .desired), current: try need(current, .current), provider: provider,
                           dependencies: dependencies)
        case .delete:
            let record = try need(current, .current)
            return delete(record, provider: provider, dependencies: dependencies ?? [])
        case .adopt:
            return adopt(try need(current, .current), desired: desired, provider: provider, dependencies: dependencies)
        case .noOp, .read:
            return unchanged(change.address, record: current,
                             dependencies: dependencies ?? desired?.dependencies ?? current?.dependencies ?? [])
        }
    }

    /// What the engine needs of a record, whatever the provider returned: its address, the
    /// dependencies destroys are ordered by, and which values are sealed and masked.
    static func stamped(_ record: ResourceRecord, from resource: Resource) -> ResourceRecord {
        var record = record
        record.address = resource.address
        record.dependencies = resource.dependencies
        record.sensitive.formUnion(resource.sensitive)
        return record
    }

    private init(_ resource: Resource, action: ResourceChange.Action, dependencies: Set<ResourceAddress>?,
                 work: @escaping Work) {
        self.init(address: resource.address, action: action, dependencies: dependencies ?? resource.dependencies,
                  isGate: resource.isGate, timeout: resource.gateTimeout, work: work)
    }
}

/// A planned change could not become a job: the plan lacked what the action needs.
public struct JobBuildError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Missing: String, Hashable, Sendable {
        case desired = "the desired resource"
        case current = "the recorded state"
    }

    public var address: ResourceAddress
    public var action: ResourceChange.Action
    public var missing: Missing

    public init(address: ResourceAddress, action: ResourceChange.Action, missing: Missing) {
        self.address = address
        self.action = action
        self.missing = missing
    }

    public var description: String { "cannot \(action.rawValue) \(address) without \(missing.rawValue)" }
}

extension Resource {
    /// The timeout of a gate; nil for managed resources.
    var gateTimeout: Duration? {
        if case .gate(let timeout) = lifecycle { timeout } else { nil }
    }
}
