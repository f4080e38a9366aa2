import Foundation

/// What state remembers of one resource: the attributes last applied, the ids the outside
/// world gave it, values for dependents, and any operation that started but did not finish.
public struct ResourceRecord: Hashable, Codable, Sendable {
    public enum Status: String, Hashable, Codable, Sendable {
        /// Created (or adopted) and matching `attributes` as far as kiln knows.
        case ready
        /// A create or update failed midway: the next apply replaces or finishes it.
        case tainted
    }

    public var address: ResourceAddress
    public var status: Status
    /// The desired attributes this record was last brought to.
    public var attributes: Attributes
    /// Names of sensitive attributes and outputs: masked in output, sealed on disk.
    public var sensitive: Set<String>
    /// Identifiers in the outside world, e.g. `["vmid": "1011", "node": "pve1"]`.
    public var outsideIDs: [String: String]
    /// Values dependents receive when they run (a VMID, a UPID, a kubeconfig).
    public var outputs: Attributes
    public var dependencies: Set<ResourceAddress>
    /// Set before an outside effect starts and cleared when its result is recorded. A record
    /// found with an intent after a crash is adopted, never blindly redone.
    public var pending: PendingIntent?

    public init(address: ResourceAddress, status: Status = .ready, attributes: Attributes = [:],
                sensitive: Set<String> = [], outsideIDs: [String: String] = [:], outputs: Attributes = [:],
                dependencies: Set<ResourceAddress> = [], pending: PendingIntent? = nil) {
        self.address = address
        self.status = status
        self.attributes = attributes
        self.sensitive = sensitive
        self.outsideIDs = outsideIDs
        self.outputs = outputs
        self.dependencies = dependencies
        self.pending = pending
    }
}

/// An outside effect that is about to happen: written durably before it starts.
public struct PendingIntent: Hashable, Codable, Sendable {
    public enum Operation: String, Hashable, Codable, Sendable { case create, update, delete }

    public var operation: Operation
    /// The ids the effect will use, known before it starts (e.g. the VMID about to be cloned to).
    public var outsideIDs: [String: String]
    /// Where a multi-step operation got to ("cloned", "configured"), so a resumed run carries on.
    public var step: String?
    public var started: Date

    public init(operation: Operation, outsideIDs: [String: String] = [:], step: String? = nil, started: Date = Date()) {
        self.operation = operation
        self.outsideIDs = outsideIDs
        self.step = step
        self.started = started
    }
}
