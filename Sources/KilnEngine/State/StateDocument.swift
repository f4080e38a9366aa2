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

    /// Reads a state file's bytes (`path` is for messages). Throws `StateError` for empty,
    /// truncated or corrupt files and for formats this kiln does not know.
    public static func decoded(from bytes: [UInt8], path: String) throws -> StateDocument {
        try StateFileDecoder.decode(bytes, path: path)
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

    private enum CodingKeys: String, CodingKey {
        case address, status, attributes, sensitive, outsideIDs, outputs, dependencies, pending
    }

    /// Empty collections are left out of the file (and read back as empty): shorter, calmer diffs.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(ResourceAddress.self, forKey: .address)
        status = try container.decode(ResourceRecord.Status.self, forKey: .status)
        attributes = try container.decodeIfPresent(Attributes.self, forKey: .attributes) ?? [:]
        sensitive = try container.decodeIfPresent([String].self, forKey: .sensitive) ?? []
        outsideIDs = try container.decodeIfPresent([String: String].self, forKey: .outsideIDs) ?? [:]
        outputs = try container.decodeIfPresent(Attributes.self, forKey: .outputs) ?? [:]
        dependencies = try container.decodeIfPresent([ResourceAddress].self, forKey: .dependencies) ?? []
        pending = try container.decodeIfPresent(PendingIntent.self, forKey: .pending)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(status, forKey: .status)
        if !attributes.isEmpty { try container.encode(attributes, forKey: .attributes) }
        if !sensitive.isEmpty { try container.encode(sensitive, forKey: .sensitive) }
        if !outsideIDs.isEmpty { try container.encode(outsideIDs, forKey: .outsideIDs) }
        if !outputs.isEmpty { try container.encode(outputs, forKey: .outputs) }
        if !dependencies.isEmpty { try container.encode(dependencies, forKey: .dependencies) }
        try container.encodeIfPresent(pending, forKey: .pending)
    }

    /// The record, sensitive values still sealed.
    var sealedRecord: ResourceRecord {
        ResourceRecord(address: address, status: status, attributes: attributes, sensitive: Set(sensitive),
                       outsideIDs: outsideIDs, outputs: outputs, dependencies: Set(dependencies), pending: pending)
    }
}
