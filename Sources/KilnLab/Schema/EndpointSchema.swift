/// The parameters of one API method on one path (`POST /nodes/{node}/qemu/{vmid}/clone`).
struct EndpointSchema: Sendable {
    var properties: [String: SchemaProperty]
    /// `net[n]` → prefix `net`.
    var indexed: [(prefix: String, property: SchemaProperty)]
    /// PVE allows unknown parameters only when `additionalProperties` is not 0.
    var allowsAdditional: Bool

    init(parameters: JSON?) {
        var properties: [String: SchemaProperty] = [:]
        var indexed: [(prefix: String, property: SchemaProperty)] = []
        for (key, value) in parameters?["properties"]?.object ?? [:] {
            let property = SchemaProperty(value)
            if key.hasSuffix("[n]") { indexed.append((String(key.dropLast(3)), property)) } else { properties[key] = property }
        }
        self.properties = properties
        self.indexed = indexed.sorted { $0.prefix.count > $1.prefix.count }
        switch parameters?["additionalProperties"] {
        case .int(0), .bool(false), .string("0"): allowsAdditional = false
        default: allowsAdditional = true
        }
    }

    /// Every problem with `values` (parameters and path values together, as PVE merges them).
    func problems(_ values: [String: String]) -> [String: String] {
        var errors: [String: String] = [:]
        SchemaCheck.object(values, properties: properties, indexed: indexed, allowsAdditional: allowsAdditional,
                           path: nil, errors: &errors)
        return errors
    }
}
