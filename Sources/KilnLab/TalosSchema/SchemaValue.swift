/// A JSON value: a schema's `enum`/`const` entries, and the YAML documents being validated.
/// Objects keep their members in document order so violations come out in the order a reader
/// meets them.
enum SchemaValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([SchemaValue])
    case object([(key: String, value: SchemaValue)])

    /// The JSON Schema type name of this value ("integer" for integral numbers).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case let .number(value): value.rounded() == value && value.isFinite ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var numericValue: Double? {
        switch self {
        case let .integer(value): Double(value)
        case let .number(value): value
        default: nil
        }
    }

    /// JSON equality: 1 equals 1.0, objects compare regardless of member order.
    func equals(_ other: SchemaValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.equals($1) }
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { member in
                b.first { $0.key == member.key }.map { $0.value.equals(member.value) } ?? false
            }
        default:
            if let a = numericValue, let b = other.numericValue { return a == b }
            return false
        }
    }

    /// How a violation quotes the value: strings bare, everything else as JSON-ish text.
    var display: String {
        switch self {
        case .null: "null"
        case let .bool(value): String(value)
        case let .integer(value): String(value)
        case let .number(value): String(value)
        case let .string(value): value
        case let .array(values): "[" + values.map(\.display).joined(separator: ", ") + "]"
        case let .object(members): "{" + members.map { "\($0.key): \($0.value.display)" }.joined(separator: ", ") + "}"
        }
    }

    subscript(key: String) -> SchemaValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }
}
