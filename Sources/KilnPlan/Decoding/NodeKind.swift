import Yams

extension Node {
    /// How a node's kind reads in a message: "a string", "a list", "a mapping".
    var kindDescription: String {
        switch self {
        case .scalar(let scalar):
            if isNull { return "empty" }
            if self.int != nil && scalar.style == .plain { return "a number" }
            if self.bool != nil && scalar.style == .plain { return "a boolean" }
            return "a string"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A plain `~`/`null`/empty scalar: YAML's way of writing "no value".
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
