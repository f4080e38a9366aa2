import Foundation
import Yams

/// Reads a multi-document YAML config into `SchemaValue`s the way Talos's decoder (go-yaml v3,
/// YAML 1.2 core schema) types its scalars: the type comes from the node's tag, and an untagged
/// plain scalar resolves as 1.2 does. Yams' default resolver is YAML 1.1 (`yes`/`on` are
/// booleans, `1:30` is an integer), which would misreport strings Talos reads as strings.
enum SchemaValueYAML {
    /// YAML 1.2 core schema resolution, plus go-yaml's `0b`/`0o` integer prefixes. Timestamps stay
    /// strings: every Talos field that holds one is a string.
    static let resolver = Result { () throws -> Resolver in
        try Resolver.basic
            .appending(.null, "^(?:~|null|Null|NULL|)$")
            .appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
            .appending(.int, "^[-+]?(?:[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$")
            .appending(.float, "^(?:[-+]?(?:\\.[0-9]+|[0-9][0-9_]*(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$")
    }

    /// The documents in stream order; an empty document (a stray `---`) is `nil`, kept so
    /// indexes match positions in the file.
    static func documents(_ data: Data) throws(TalosSchemaError) -> [SchemaValue?] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformedConfig(reason: "the config is not UTF-8 text")
        }
        var documents: [SchemaValue?] = []
        do {
            // Document by document: `load_all`'s lazy sequence ends quietly at a syntax error.
            let parser = try Parser(yaml: text, resolver: try resolver.get())
            while let node = try parser.nextRoot() {
                let value = try self.value(node)
                if case .null = value { documents.append(nil) } else { documents.append(value) }
            }
        } catch let error as TalosSchemaError {
            throw error
        } catch {
            throw .malformedConfig(reason: "\(error)")
        }
        return documents
    }

    static func value(_ node: Node) throws(TalosSchemaError) -> SchemaValue {
        switch node {
        case let .scalar(scalar):
            return try self.scalar(scalar.string, tag: node.tag.description)
        case let .sequence(sequence):
            var values: [SchemaValue] = []
            for element in sequence { values.append(try value(element)) }
            return .array(values)
        case let .mapping(mapping):
            var members: [(key: String, value: SchemaValue)] = []
            for (key, element) in mapping {
                // JSON object keys are strings; Talos's maps are keyed by strings too.
                guard case let .scalar(keyScalar) = key else {
                    throw .malformedConfig(reason: "a mapping key is not a scalar")
                }
                members.append((keyScalar.string, try value(element)))
            }
            return .object(members)
        case .alias:
            throw .malformedConfig(reason: "unresolved YAML alias")
        }
    }

    static func scalar(_ text: String, tag: String) throws(TalosSchemaError) -> SchemaValue {
        switch tag {
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.bool.rawValue:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw .malformedConfig(reason: "`\(text)` is tagged !!bool but is not true or false")
            }
        case Tag.Name.int.rawValue:
            if let integer = integer(text) { return .integer(integer) }
            // Beyond Int64: still a number, so a type check says "integer" rather than "string".
            if let number = Double(text.replacingOccurrences(of: "_", with: "")) { return .number(number) }
            throw .malformedConfig(reason: "`\(text)` is tagged !!int but is not an integer")
        case Tag.Name.float.rawValue:
            let bare = text.replacingOccurrences(of: "_", with: "").lowercased()
            switch bare {
            case ".inf", "+.inf": return .number(.infinity)
            case "-.inf": return .number(-.infinity)
            case ".nan": return .number(.nan)
            default:
                if let number = Double(bare) { return .number(number) }
                throw .malformedConfig(reason: "`\(text)` is tagged !!float but is not a number")
            }
        default:
            // !!str, !!timestamp, !!binary and custom tags are text to Talos.
            return .string(text)
        }
    }

    private static func integer(_ text: String) -> Int? {
        var digits = Substring(text.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let radix: Int
        if digits.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        else if digits.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if digits.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else { radix = 10 }
        guard let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }
}
