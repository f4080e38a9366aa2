import Foundation

/// A JSON value from PVE, read leniently: PVE's Perl side sends numbers as strings
/// (`"data":"101"`), booleans as `0`/`1`, and sometimes the other way round. The accessors
/// convert where the meaning is unambiguous and return nil otherwise.
public enum ProxmoxValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ProxmoxValue])
    case object([String: ProxmoxValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let i = try? container.decode(Int64.self) { self = .int(i) }
        else if let d = try? container.decode(Double.self) { self = .double(d) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([ProxmoxValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: ProxmoxValue].self)) }
    }

    /// Parses JSON text.
    public static func parse(_ data: Data) throws -> ProxmoxValue {
        try JSONDecoder().decode(ProxmoxValue.self, from: data)
    }

    public subscript(key: String) -> ProxmoxValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var isNull: Bool { self == .null }

    public var string: String? {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): b ? "1" : "0"
        default: nil
        }
    }

    public var int: Int? {
        switch self {
        case .int(let i): Int(exactly: i)
        case .double(let d): Int(exactly: d)
        case .string(let s): Int(s.trimmingCharacters(in: .whitespaces)) ?? Double(s).flatMap { Int(exactly: $0) }
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    public var double: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .string(let s): Double(s.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    /// `true`/`false`, `1`/`0` (number or string), `"yes"`/`"no"`, `"on"`/`"off"`.
    public var bool: Bool? {
        switch self {
        case .bool(let b): b
        case .int(let i): i == 0 ? false : i == 1 ? true : nil
        case .double(let d): d == 0 ? false : d == 1 ? true : nil
        case .string(let s):
            switch s.lowercased() {
            case "1", "true", "yes", "on": true
            case "0", "false", "no", "off": false
            default: nil
            }
        default: nil
        }
    }

    public var array: [ProxmoxValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var object: [String: ProxmoxValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): "\"\(s)\""
        case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A required field was missing or of a type that cannot be read as what kiln needs.
struct ProxmoxDecodingFailure: Error, CustomStringConvertible {
    var field: String
    var expected: String
    var description: String { "field `\(field)` is missing or is not \(expected)" }
}

extension ProxmoxValue {
    func required<T>(_ key: String, _ expected: String, _ read: (ProxmoxValue) -> T?) throws -> T {
        guard let v = self[key], let t = read(v) else { throw ProxmoxDecodingFailure(field: key, expected: expected) }
        return t
    }
}
