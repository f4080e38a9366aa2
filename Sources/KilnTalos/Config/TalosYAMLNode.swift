import Yams

/// Reads a parsed YAML node as `TalosYAML`, typing plain scalars the way YAML resolves them
/// (`7445` an integer, `true` a boolean) and quoted ones as strings.
enum TalosYAMLNode {
    static func convert(_ node: Node) -> TalosYAML {
        switch node {
        case .mapping(let mapping):
            return .map(mapping.map { .init($0.key.string ?? "", convert($0.value)) })
        case .sequence(let sequence):
            return .list(sequence.map(convert))
        case .scalar(let scalar):
            let text = scalar.string
            if scalar.style == .literal { return .literal(text) }
            guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
            switch Resolver.default.resolveTag(of: node) {
            case .bool: return .bool(node.bool ?? false)
            case .int: return node.int.map(TalosYAML.int) ?? .string(text)
            default: return .string(text)
            }
        case .alias:
            // Talos configs never use anchors; an alias the composer left unresolved reads as empty.
            return .string("")
        }
    }
}
