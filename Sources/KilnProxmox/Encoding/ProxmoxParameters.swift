/// Parameters of one API call, in order, as PVE reads them: form fields in a POST/PUT body, the
/// query string of a GET/DELETE. Booleans are `0`/`1`; arrays are repeated keys.
public struct ProxmoxParameters: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, ProxmoxParameterValue?)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// Sets `name` (replacing earlier values); nil removes it, so optional settings can be
    /// assigned directly.
    public subscript(name: String) -> ProxmoxParameterValue? {
        get {
            let values = fields.filter { $0.name == name }.map(\.value)
            return values.isEmpty ? nil : values.count == 1 ? .string(values[0]) : .list(values)
        }
        set {
            fields.removeAll { $0.name == name }
            guard let newValue else { return }
            for value in newValue.encoded { fields.append((name, value)) }
        }
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// `application/x-www-form-urlencoded` text.
    public var formEncoded: String {
        fields.map { FormEncoding.escape($0.name) + "=" + FormEncoding.escape($0.value) }.joined(separator: "&")
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// One parameter value.
public enum ProxmoxParameterValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    case string(String)
    case int(Int)
    case bool(Bool)
    /// Sent as the key repeated once per element.
    case list([String])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    var encoded: [String] {
        switch self {
        case .string(let s): [s]
        case .int(let i): [String(i)]
        case .bool(let b): [b ? "1" : "0"]
        case .list(let l): l
        }
    }
}

enum FormEncoding {
    /// Percent-encoding of the `application/x-www-form-urlencoded` serializer: ASCII letters,
    /// digits and `*-._` stay, a space becomes `+`, every other UTF-8 byte becomes `%XX`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// One path segment (a node name, a UPID): everything but RFC 3986 unreserved characters and
    /// `:@` is percent-encoded, so a `/` or `?` in a value can never change the path.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
