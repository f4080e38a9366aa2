/// Names one resource: `TYPE.NAME`, e.g. `proxmox_vm.cp-1` or `talos_bootstrap.cluster`.
/// The type says which provider owns it; the name is unique within the type.
public struct ResourceAddress: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let type: String
    public let name: String

    public init(type: String, name: String) {
        self.type = type
        self.name = name
    }

    /// Parses `TYPE.NAME`; nil when either part is missing or the type has characters other
    /// than lowercase letters, digits and `_`.
    public init?(parsing text: String) {
        guard let dot = text.firstIndex(of: ".") else { return nil }
        let type = String(text[..<dot]), name = String(text[text.index(after: dot)...])
        guard !type.isEmpty, !name.isEmpty,
              type.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else { return nil }
        self.init(type: type, name: name)
    }

    public var description: String { "\(type).\(name)" }

    /// The order of the `TYPE.NAME` text, without building it: types hold only `[a-z0-9_]`,
    /// all after `.`, so a shorter type that prefixes a longer one sorts first either way.
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.type, lhs.name) < (rhs.type, rhs.name) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = ResourceAddress(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "`\(text)` is not a resource address (TYPE.NAME)"))
        }
        self = address
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
