/// PVE::JSONSchema's `check_prop` and `check_object` for form-encoded values (every value is
/// text), with PVE's messages.
enum SchemaCheck {
    /// Checks `values` against `properties` (and indexed ones such as `net[n]`), adding one message
    /// per offending key to `errors`, keyed `path.key` (or `key` at the top).
    static func object(_ values: [String: String], properties: [String: SchemaProperty],
                       indexed: [(prefix: String, property: SchemaProperty)], allowsAdditional: Bool,
                       path: String?, errors: inout [String: String]) {
        func name(_ key: String) -> String { path.map { "\($0).\(key)" } ?? key }
        for (key, property) in properties where values[key] == nil {
            if !property.optional && property.alias == nil { errors[name(key)] = PVEError.missing }
        }
        for (key, value) in values {
            guard let property = properties[key] ?? indexedProperty(key, indexed) else {
                if !allowsAdditional {
                    errors[name(key)] = "property is not defined in schema and the schema does not allow additional properties"
                }
                continue
            }
            if let problem = self.value(value, property, path: name(key)) { errors[name(key)] = problem }
            if let requires = property.requires, values[requires] == nil {
                errors[name(requires)] = "missing property - '\(name(key))' requires this property"
            }
        }
    }

    /// `net0` → the `net[n]` property.
    static func indexedProperty(_ key: String, _ indexed: [(prefix: String, property: SchemaProperty)]) -> SchemaProperty? {
        for entry in indexed where key.hasPrefix(entry.prefix) {
            let number = key.dropFirst(entry.prefix.count)
            if !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber),
               number == "0" || number.first != "0" {
                return entry.property
            }
        }
        return nil
    }

    /// The first problem with one value, as PVE reports it, or nil.
    static func value(_ value: String, _ property: SchemaProperty, path: String) -> String? {
        switch property.kind {
        case .integer where !isInteger(value): return "type check ('integer') failed - got '\(value)'"
        case .number where !isNumber(value): return "type check ('number') failed - got '\(value)'"
        case .boolean where parseBoolean(value) == nil: return "type check ('boolean') failed - got '\(value)'"
        default: break
        }
        if let minLength = property.minLength, value.count < minLength { return "value must be at least \(minLength) characters long" }
        if let maxLength = property.maxLength, value.count > maxLength { return "value may only be \(maxLength) characters long" }
        if property.kind == .integer || property.kind == .number, let number = Double(value) {
            if let minimum = property.minimum, number < minimum { return "value must have a minimum value of \(text(minimum))" }
            if let maximum = property.maximum, number > maximum { return "value must have a maximum value of \(text(maximum))" }
        }
        if let values = property.enumeration, !values.contains(value) {
            return "value '\(value)' does not have a value in the enumeration '\(values.joined(separator: ", "))'"
        }
        if let pattern = property.pattern, !pattern.matches(value) { return "value does not match the regex pattern" }
        switch property.format {
        case .named(let name): return NamedFormats.problem(name, value, path: path).map { "invalid format - \($0)" }
        case .propertyString(let format): return PropertyString.problem(format, value, path: path).map { "invalid format - \($0)" }
        case nil: return nil
        }
    }

    static func isInteger(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isNumber(_ text: String) -> Bool {
        numberPattern.matches(text)
    }

    private static let numberPattern = SchemaPattern(perl: #"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"#)!

    /// PVE::JSONSchema::parse_boolean.
    static func parseBoolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "on", "yes", "true": true
        case "0", "off", "no", "false": false
        default: nil
        }
    }

    /// `16`, not `16.0`, as Perl prints numbers.
    static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
