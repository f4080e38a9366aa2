/// Equality for `test`: YAML's `|` blocks and plain strings with the same text are the same value.
enum TalosYAMLEquality {
    static func equal(_ a: TalosYAML, _ b: TalosYAML) -> Bool {
        switch (a, b) {
        case (.string(let x), .literal(let y)), (.literal(let x), .string(let y)), (.string(let x), .string(let y)), (.literal(let x), .literal(let y)):
            return x == y
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { entry in y.contains { $0.key == entry.key && equal($0.value, entry.value) } }
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default:
            return a == b
        }
    }
}
