import KilnEngine

/// Attribute values as plan output shows them: strings quoted with newlines escaped (a PEM
/// stays on one line), lists and maps inline, sensitive values never.
enum PlanValueText {
    static let sensitive = AttributeValue.sensitiveMaskText

    static func text(_ value: AttributeValue?, sensitive: Bool) -> String {
        guard let value else { return "null" }
        return sensitive ? Self.sensitive : text(value)
    }

    static func text(_ value: AttributeValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .string(let string): quoted(string)
        case .list(let values): "[" + values.map(text).joined(separator: ", ") + "]"
        case .map(let values):
            "{" + values.sorted { $0.key < $1.key }.map { "\($0.key) = \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func quoted(_ string: String) -> String {
        var result = "\""
        for character in string {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
