/// One parameter (or one key of a property string) as PVE's schema describes it, reduced to what
/// the lab checks: type, optional, enum, pattern, bounds, length, format, `requires`, aliases.
struct SchemaProperty: Sendable {
    enum Kind: String, Sendable { case string, integer, number, boolean, array, object, null, any }

    indirect enum Format: Sendable {
        /// A format PVE registers by name (`pve-vmid`, `pve-qm-ipconfig`…).
        case named(String)
        /// A property string described inline: `key=value,…`.
        case propertyString(PropertyStringFormat)
    }

    var kind: Kind = .any
    var optional = false
    var enumeration: [String]?
    var pattern: SchemaPattern?
    var minimum: Double?
    var maximum: Double?
    var minLength: Int?
    var maxLength: Int?
    var format: Format?
    var requires: String?
    /// Property strings: `virtio` is an alias of `macaddr`, and its key names the `model`.
    var alias: String?
    var keyAlias: String?
    /// Property strings: the key a value without `key=` belongs to.
    var isDefaultKey = false

    init() {}

    init(_ json: JSON) {
        guard case .object(let object) = json else { return }
        kind = object["type"]?.string.flatMap(Kind.init(rawValue:)) ?? .any
        optional = Self.flag(object["optional"])
        if case .array(let values) = object["enum"] { enumeration = values.compactMap(Self.text) }
        pattern = object["pattern"]?.string.flatMap(SchemaPattern.init(perl:))
        minimum = object["minimum"].flatMap(Self.number)
        maximum = object["maximum"].flatMap(Self.number)
        minLength = object["minLength"].flatMap(Self.number).map { Int($0) }
        maxLength = object["maxLength"].flatMap(Self.number).map { Int($0) }
        switch object["format"] {
        case .string(let name): format = .named(name)
        case .object: format = .propertyString(PropertyStringFormat(object["format"]!))
        default: break
        }
        requires = object["requires"]?.string
        alias = object["alias"]?.string
        keyAlias = object["keyAlias"]?.string
        isDefaultKey = Self.flag(object["default_key"])
    }

    /// The schema writes flags as `1`, `"1"` or `true`.
    static func flag(_ value: JSON?) -> Bool {
        switch value {
        case .int(let number): number != 0
        case .bool(let flag): flag
        case .string(let text): text == "1" || text == "true"
        default: false
        }
    }

    /// Bounds come as numbers or strings (`"minimum": "0"`).
    static func number(_ value: JSON) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    static func text(_ value: JSON) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        default: nil
        }
    }
}

/// The keys of a property string (`net[n]`, `scsi[n]`, `agent`…).
struct PropertyStringFormat: Sendable {
    var properties: [String: SchemaProperty]

    init(properties: [String: SchemaProperty]) { self.properties = properties }

    init(_ json: JSON) {
        properties = (json.object ?? [:]).mapValues(SchemaProperty.init)
    }

    var defaultKey: String? { properties.first { $0.value.isDefaultKey }?.key }
}
