/// A resource attribute: the JSON-shaped values desired state, recorded state and provider
/// outputs are made of, so the engine can diff, print and store them without knowing what
/// they mean.
public enum AttributeValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case list([AttributeValue])
    case map([String: AttributeValue])
}

/// Attributes of one resource, by name.
public typealias Attributes = [String: AttributeValue]

extension AttributeValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([AttributeValue].self) { self = .list(value) }
        else { self = .map(try container.decode([String: AttributeValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .map(let value): try container.encode(value)
        }
    }
}

extension AttributeValue: CustomStringConvertible {
    /// The form plan output shows: strings quoted, lists and maps inline.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .map(let values):
            "{" + values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AttributeValue {
    /// What stands in for a sensitive value wherever one would be shown or saved.
    public static let sensitiveMask: AttributeValue = "(sensitive value)"
    public static let sensitiveMaskText = "(sensitive value)"
}
