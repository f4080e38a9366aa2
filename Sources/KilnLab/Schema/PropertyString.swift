/// PVE's `parse_property_string`: `virtio=BC:24:11:…,bridge=vmbr0,tag=20` → keys and values, then
/// each checked against the format's keys. Errors read as PVE's: "format error" and one line per key.
enum PropertyString {
    /// The problem with `value`, or nil; `path` is the parameter name (`net0`).
    static func problem(_ format: PropertyStringFormat, _ value: String, path: String) -> String? {
        var values: [String: String] = [:]
        var defaultKeyUsed = false
        for part in value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if part.allSatisfy(\.isWhitespace) { continue }
            if let equals = part.firstIndex(of: "="), equals != part.startIndex, part.index(after: equals) != part.endIndex {
                var key = String(part[..<equals])
                let item = String(part[part.index(after: equals)...])
                guard values[key] == nil else { return "duplicate key in comma-separated list property: \(key)" }
                if let property = format.properties[key], let alias = property.alias {
                    if let keyAlias = property.keyAlias {
                        guard values[keyAlias] == nil else { return "key alias '\(keyAlias)' is already defined" }
                        values[keyAlias] = key
                    }
                    key = alias
                }
                guard format.properties[key] != nil else { return "invalid key in comma-separated list property: \(key)" }
                values[key] = item
            } else if !part.contains("=") {
                guard let defaultKey = format.defaultKey else {
                    return "value without key, but schema does not define a default key"
                }
                guard !defaultKeyUsed, values[defaultKey] == nil else {
                    return "duplicate key in comma-separated list property: \(defaultKey)"
                }
                defaultKeyUsed = true
                values[defaultKey] = part
            } else {
                return "missing key in comma-separated list property"
            }
        }
        var errors: [String: String] = [:]
        SchemaCheck.object(values, properties: format.properties, indexed: [], allowsAdditional: false,
                           path: path, errors: &errors)
        guard !errors.isEmpty else { return nil }
        return "format error\n" + errors.keys.sorted().map { "\($0): \(errors[$0]!)" }.joined(separator: "\n")
    }
}
