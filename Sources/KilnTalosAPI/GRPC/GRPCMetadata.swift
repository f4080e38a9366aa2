/// Custom request metadata (HTTP/2 header fields). Talos reads `node` (proxy the call to one
/// node) and `nodes` (fan it out to several and aggregate the replies).
public struct GRPCMetadata: Sendable, Equatable {
    public private(set) var fields: [(key: String, value: String)] = []

    public init() {}

    /// Keys are lowercase and may not start with `grpc-` (reserved for the protocol); values are
    /// printable ASCII, as text metadata must be. Binary (`-bin`) metadata is never needed here.
    public mutating func add(_ key: String, _ value: String) throws(GRPCError) {
        guard !key.isEmpty, key.utf8.allSatisfy(Self.isKeyByte), !key.hasPrefix("grpc-"), !key.hasSuffix("-bin") else {
            throw .invalidRequest("metadata key \"\(key)\" is not a lowercase text key")
        }
        guard value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidRequest("metadata \(key) has a value that is not printable ASCII")
        }
        fields.append((key, value))
    }

    /// Talos proxies the call to this one node; its reply's `metadata.hostname` is `node`.
    public static func node(_ node: String) throws(GRPCError) -> GRPCMetadata {
        var metadata = GRPCMetadata()
        try metadata.add("node", node)
        return metadata
    }

    /// Talos calls every node and returns one reply message per node. Each node is its own
    /// field, not one comma-joined value: talosctl's client does `md.Set("nodes", nodes...)`.
    public static func nodes(_ nodes: [String]) throws(GRPCError) -> GRPCMetadata {
        var metadata = GRPCMetadata()
        for node in nodes { try metadata.add("nodes", node) }
        return metadata
    }

    public static func == (lhs: GRPCMetadata, rhs: GRPCMetadata) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
        default: false
        }
    }
}
