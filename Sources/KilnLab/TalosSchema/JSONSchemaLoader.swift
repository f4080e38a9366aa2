import Foundation

/// Turns a schema file's JSON into `JSONSchema`s: the root and its `$defs`. Every keyword is
/// either checked by the validator, a known annotation, or a load error, so a schema that grows a
/// new keyword fails loudly instead of validating less than it says.
struct JSONSchemaLoader {
    let file: String
    /// One compiled regex per distinct pattern text: the same few patterns repeat hundreds of times.
    private var regexCache: [String: SchemaRegex] = [:]

    static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "markdownDescription", "default", "examples",
        "deprecated", "readOnly", "writeOnly",
    ]

    init(file: String) { self.file = file }

    struct Loaded: Sendable {
        var root: JSONSchema
        var definitions: [String: JSONSchema]
    }

    mutating func load(_ data: Data) throws(TalosSchemaError) -> Loaded {
        let document: SchemaValue
        do throws(SchemaValueJSON.Failure) {
            document = try SchemaValueJSON.parse(Array(data))
        } catch {
            throw .unreadableSchema(file: file, reason: "not JSON: \(error)")
        }
        var definitions: [String: JSONSchema] = [:]
        if case let .object(definitionMembers)? = document["$defs"] {
            for (name, value) in definitionMembers {
                definitions[name] = try schema(value, at: JSONPointer.root.appending("$defs").appending(name))
            }
        }
        guard case let .object(members) = document else {
            throw .unsupportedSchema(file: file, path: "", reason: "the root is not an object")
        }
        let root = try schema(.object(members.filter { $0.key != "$defs" }), at: .root)
        let loaded = Loaded(root: root, definitions: definitions)
        try checkReferences(loaded)
        return loaded
    }

    private mutating func schema(_ value: SchemaValue, at path: JSONPointer) throws(TalosSchemaError) -> JSONSchema {
        switch value {
        case let .bool(flag):
            return .always(flag)
        case let .object(members):
            var keywords = SchemaKeywords()
            for (keyword, member) in members {
                // Most members are annotations (four per property in Talos's schemas).
                if Self.annotations.contains(keyword) || keyword.hasPrefix("x-") { continue }
                try apply(keyword, member, to: &keywords, at: path.appending(keyword))
            }
            return .keywords(keywords)
        default:
            throw unsupported(path, "a schema must be an object or a boolean, got \(value.typeName)")
        }
    }

    private mutating func apply(_ keyword: String, _ value: SchemaValue, to keywords: inout SchemaKeywords,
                                at path: JSONPointer) throws(TalosSchemaError) {
        switch keyword {
        case "type":
            let names: [SchemaValue] = if case let .array(list) = value { list } else { [value] }
            var types: [SchemaType] = []
            for name in names {
                guard let type = name.stringValue.flatMap(SchemaType.init(rawValue:)) else {
                    throw unsupported(path, "unknown type \(name.display)")
                }
                types.append(type)
            }
            keywords.types = types
        case "$ref":
            guard let reference = value.stringValue, reference.hasPrefix("#/$defs/") else {
                throw unsupported(path, "only references to #/$defs/… are supported, got \(value.display)")
            }
            keywords.ref = Self.unescape(String(reference.dropFirst("#/$defs/".count)))
        case "properties":
            for (name, member) in try members(value, path) {
                keywords.properties[name] = try schema(member, at: path.appending(name))
            }
        case "patternProperties":
            for (pattern, member) in try members(value, path) {
                keywords.patternProperties.append((try regex(pattern, path), try schema(member, at: path.appending(pattern))))
            }
        case "additionalProperties": keywords.additionalProperties = try schema(value, at: path)
        case "items": keywords.items = try schema(value, at: path)
        case "prefixItems": keywords.prefixItems = try schemas(value, path)
        case "required":
            guard case let .array(names) = value, names.allSatisfy({ $0.stringValue != nil }) else {
                throw unsupported(path, "required must be an array of strings")
            }
            keywords.required = names.compactMap(\.stringValue)
        case "enum":
            guard case let .array(values) = value else { throw unsupported(path, "enum must be an array") }
            keywords.enumValues = values
        case "const": keywords.const = value
        case "pattern":
            guard let pattern = value.stringValue else { throw unsupported(path, "pattern must be a string") }
            keywords.pattern = try regex(pattern, path)
        case "format":
            guard let format = value.stringValue, JSONSchemaValidator.formats.contains(format) else {
                throw unsupported(path, "format \(value.display) is not checked by this validator")
            }
            keywords.format = format
        case "minimum": keywords.minimum = try number(value, path)
        case "maximum": keywords.maximum = try number(value, path)
        case "exclusiveMinimum": keywords.exclusiveMinimum = try number(value, path)
        case "exclusiveMaximum": keywords.exclusiveMaximum = try number(value, path)
        case "minLength": keywords.minLength = try count(value, path)
        case "maxLength": keywords.maxLength = try count(value, path)
        case "minItems": keywords.minItems = try count(value, path)
        case "maxItems": keywords.maxItems = try count(value, path)
        case "minProperties": keywords.minProperties = try count(value, path)
        case "maxProperties": keywords.maxProperties = try count(value, path)
        case "uniqueItems":
            guard case let .bool(flag) = value else { throw unsupported(path, "uniqueItems must be a boolean") }
            keywords.uniqueItems = flag
        case "oneOf": keywords.oneOf = try schemas(value, path)
        case "anyOf": keywords.anyOf = try schemas(value, path)
        case "allOf": keywords.allOf = try schemas(value, path)
        case "not": keywords.not = try schema(value, at: path)
        default:
            throw unsupported(path, "keyword `\(keyword)` is not supported by this validator")
        }
    }

    private func members(_ value: SchemaValue, _ path: JSONPointer) throws(TalosSchemaError) -> [(key: String, value: SchemaValue)] {
        guard case let .object(members) = value else { throw unsupported(path, "expected an object of schemas") }
        return members
    }

    private mutating func schemas(_ value: SchemaValue, _ path: JSONPointer) throws(TalosSchemaError) -> [JSONSchema] {
        guard case let .array(values) = value else { throw unsupported(path, "expected an array of schemas") }
        var result: [JSONSchema] = []
        for (index, member) in values.enumerated() { result.append(try schema(member, at: path.appending(index))) }
        return result
    }

    private func number(_ value: SchemaValue, _ path: JSONPointer) throws(TalosSchemaError) -> Double {
        guard let number = value.numericValue else { throw unsupported(path, "expected a number") }
        return number
    }

    private func count(_ value: SchemaValue, _ path: JSONPointer) throws(TalosSchemaError) -> Int {
        guard case let .integer(count) = value, count >= 0 else { throw unsupported(path, "expected a non-negative integer") }
        return count
    }

    private mutating func regex(_ pattern: String, _ path: JSONPointer) throws(TalosSchemaError) -> SchemaRegex {
        if let cached = regexCache[pattern] { return cached }
        do throws(SchemaRegex.Failure) {
            let compiled = try SchemaRegex(re2: pattern)
            regexCache[pattern] = compiled
            return compiled
        } catch {
            switch error { case let .invalid(reason): throw unsupported(path, reason) }
        }
    }

    private func unsupported(_ path: JSONPointer, _ reason: String) -> TalosSchemaError {
        .unsupportedSchema(file: file, path: path.description, reason: reason)
    }

    private static func unescape(_ token: String) -> String {
        token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    /// Every `$ref` names a definition that exists: checked once here so validation never meets
    /// a dangling one.
    private func checkReferences(_ loaded: Loaded) throws(TalosSchemaError) {
        var missing: String?
        func visit(_ schema: JSONSchema) {
            guard missing == nil, case let .keywords(keywords) = schema else { return }
            if let ref = keywords.ref, loaded.definitions[ref] == nil { missing = ref; return }
            keywords.properties.values.forEach(visit)
            keywords.patternProperties.forEach { visit($0.schema) }
            [keywords.additionalProperties, keywords.items, keywords.not].compactMap { $0 }.forEach(visit)
            (keywords.prefixItems + (keywords.oneOf ?? []) + (keywords.anyOf ?? []) + (keywords.allOf ?? [])).forEach(visit)
        }
        visit(loaded.root)
        loaded.definitions.values.forEach(visit)
        if let missing {
            throw .unsupportedSchema(file: file, path: "", reason: "$ref to #/$defs/\(missing), which does not exist")
        }
    }
}
