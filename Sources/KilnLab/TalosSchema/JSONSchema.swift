/// One schema of a JSON Schema (draft 2020-12) document, reduced to the keywords the validator
/// checks. Annotations (`title`, `description`, …) are dropped at load.
indirect enum JSONSchema: Sendable {
    /// `true` accepts everything, `false` nothing.
    case always(Bool)
    case keywords(SchemaKeywords)

    static func type(_ types: SchemaType...) -> JSONSchema {
        var keywords = SchemaKeywords()
        keywords.types = types
        return .keywords(keywords)
    }

    static func array(of items: JSONSchema) -> JSONSchema {
        var keywords = SchemaKeywords()
        keywords.types = [.array]
        keywords.items = items
        return .keywords(keywords)
    }

    /// A mapping whose every value matches `values` (a Go map in Talos's types).
    static func map(of values: JSONSchema) -> JSONSchema {
        var keywords = SchemaKeywords()
        keywords.types = [.object]
        keywords.additionalProperties = values
        return .keywords(keywords)
    }

    /// A mapping with exactly these members, none required.
    static func closedObject(_ properties: [String: JSONSchema]) -> JSONSchema {
        var keywords = SchemaKeywords()
        keywords.types = [.object]
        keywords.properties = properties
        keywords.additionalProperties = .always(false)
        return .keywords(keywords)
    }
}

/// The JSON Schema `type` names.
enum SchemaType: String, Sendable, CaseIterable {
    case null, boolean, integer, number, string, array, object

    func admits(_ value: SchemaValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.string, .string), (.array, .array), (.object, .object),
             (.integer, .integer), (.number, .integer), (.number, .number):
            true
        case let (.integer, .number(number)):
            number.isFinite && number.rounded() == number
        default:
            false
        }
    }
}

/// The keywords of one schema object. nil/empty: the keyword is absent.
struct SchemaKeywords: Sendable {
    var types: [SchemaType]?
    /// The `$defs` name a `$ref: "#/$defs/<name>"` points at.
    var ref: String?
    var properties: [String: JSONSchema] = [:]
    var patternProperties: [(pattern: SchemaRegex, schema: JSONSchema)] = []
    var additionalProperties: JSONSchema?
    var items: JSONSchema?
    var prefixItems: [JSONSchema] = []
    var required: [String] = []
    var enumValues: [SchemaValue]?
    var const: SchemaValue?
    var pattern: SchemaRegex?
    var format: String?
    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum: Double?
    var exclusiveMaximum: Double?
    var minLength: Int?
    var maxLength: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var minProperties: Int?
    var maxProperties: Int?
    var oneOf: [JSONSchema]?
    var anyOf: [JSONSchema]?
    var allOf: [JSONSchema]?
    var not: JSONSchema?
}
