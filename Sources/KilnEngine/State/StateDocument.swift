import Foundation

/// A cluster's state file as it is on disk: `<stateDir>/<cluster>.json`. Sensitive values in
/// `resources` are sealed (`{"sealed": "<base64>"}`); `StateStore` seals and opens them.
/// Encoding is deterministic (sorted keys and lists, pretty-printed) so state diffs read well.
public struct StateDocument: Codable, Equatable, Sendable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// Fixed when the state is created: tells this state from any other, even for the same cluster.
    public var lineage: UUID
    /// Incremented by every write that changes something.
    public var serial: Int
    /// The kiln that last wrote the file.
    public var kilnVersion: String
    public var cluster: String
    /// Id of the state key the sealed values are sealed with; absent while nothing is sealed.
    public var keyID: String?
    /// Sorted by address.
    public var resources: [StoredResource]

    public init(formatVersion: Int = StateDocument.currentFormatVersion, lineage: UUID, serial: Int,
                kilnVersion: String, cluster: String, keyID: String?, resources: [StoredResource]) {
        self.formatVersion = formatVersion
        self.lineage = lineage
        self.serial = serial
        self.kilnVersion = kilnVersion
        self.cluster = cluster
        self.keyID = keyID
        self.resources = resources
    }

    /// The file's bytes: pretty-printed, sorted keys, a final newline.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}

/// One resource record on disk. Its own type (rather than `ResourceRecord`'s synthesized coding)
/// so the file format is stable and sets are written as sorted lists.
public struct StoredResource: Codable, Equatable, Sendable {
    public var address: ResourceAddress
    public var status: ResourceRecord.Status
    /// Sensitive ones sealed.
    public var attributes: Attributes
    public var sensitive: [String]
    public var outsideIDs: [String: String]
    /// Sensitive ones sealed.
    public var outputs: Attributes
    public var dependencies: [ResourceAddress]
    public var pending: PendingIntent?

    /// `record` with its sensitive values already replaced by sealed ones.
    init(sealed record: ResourceRecord) {
        address = record.address
        status = record.status
        attributes = record.attributes
        sensitive = record.sensitive.sorted()
        outsideIDs = record.outsideIDs
        outputs = record.outputs
        dependencies = record.dependencies.sorted()
        pending = record.pending
    }

    /// The record, sensitive values still sealed.
    var sealedRecord: ResourceRecord {
        ResourceRecord(address: address, status: status, attributes: attributes, sensitive: Set(sensitive),
                       outsideIDs: outsideIDs, outputs: outputs, dependencies: Set(dependencies), pending: pending)
    }
}
