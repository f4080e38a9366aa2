import Foundation

/// Reads a schema file's JSON into `SchemaValue`.
extension SchemaValue: Decodable {
    init(from decoder: any Decoder) throws {
        // Scalars first: most of a Talos schema is description strings, and each failed attempt
        // below costs a thrown error.
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else if var array = try? decoder.unkeyedContainer() {
            var values: [SchemaValue] = []
            while !array.isAtEnd { values.append(try array.decode(SchemaValue.self)) }
            self = .array(values)
        } else {
            let object = try decoder.container(keyedBy: AnyKey.self)
            // Member order of a schema does not matter; sorted keeps load errors deterministic.
            self = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                (key: $0.stringValue, value: try object.decode(SchemaValue.self, forKey: $0))
            })
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
