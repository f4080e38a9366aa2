import Yams

/// Reads one YAML mapping of a Talos file field by field, turning every surprise into a
/// `TalosSecretsError` that names the field. Unknown keys are refused: a bundle kiln does not
/// fully understand must not be half-imported and later exported without the rest.
struct YAMLFieldReader {
    let source: String
    /// Dotted path of this mapping; empty for the document root.
    let path: String
    private var entries: [(key: String, value: Node)] = []

    /// `allowed` nil accepts any key (maps keyed by user-chosen names, such as talosconfig contexts).
    init(_ node: Node, path: String, source: String, allowed: [String]?) throws {
        self.source = source
        self.path = path
        guard case .mapping(let mapping) = node else {
            throw TalosSecretsError(source: source, field: path, problem: "must be a mapping of fields, not \(Self.kind(node))")
        }
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw TalosSecretsError(source: source, field: path, problem: "has a key that is not a plain name")
            }
            let key = scalar.string
            if let allowed, !allowed.contains(key) {
                throw TalosSecretsError(source: source, field: field(key),
                                        problem: "is not a field kiln knows (allowed here: \(allowed.joined(separator: ", ")))")
            }
            guard !entries.contains(where: { $0.key == key }) else {
                throw TalosSecretsError(source: source, field: field(key), problem: "appears twice")
            }
            entries.append((key, value))
        }
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { value(key) != nil }

    private func value(_ key: String) -> Node? {
        guard let node = entries.first(where: { $0.key == key })?.value else { return nil }
        if case .scalar(let scalar) = node, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return nil
        }
        return node
    }

    /// The nested mapping at `key`, which must be present.
    func mapping(_ key: String, allowed: [String]) throws -> YAMLFieldReader {
        guard let node = value(key) else { throw missing(key) }
        return try YAMLFieldReader(node, path: field(key), source: source, allowed: allowed)
    }

    /// The text of the scalar at `key`, which must be present and non-empty.
    func string(_ key: String) throws -> String {
        guard let text = try optionalString(key) else { throw missing(key) }
        return text
    }

    /// The text of the scalar at `key`; nil when absent, null or empty.
    func optionalString(_ key: String) throws -> String? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw TalosSecretsError(source: source, field: field(key), problem: "must be a string, not \(Self.kind(node))")
        }
        return scalar.string.isEmpty ? nil : scalar.string
    }

    /// The strings of the sequence at `key`; empty when absent.
    func strings(_ key: String) throws -> [String] {
        guard let node = value(key) else { return [] }
        guard case .sequence(let sequence) = node else {
            throw TalosSecretsError(source: source, field: field(key), problem: "must be a list of strings, not \(Self.kind(node))")
        }
        return try sequence.enumerated().map { index, item in
            guard case .scalar(let scalar) = item else {
                throw TalosSecretsError(source: source, field: "\(field(key))[\(index)]", problem: "must be a string")
            }
            return scalar.string
        }
    }

    /// Keys in document order (for maps whose keys are names, like talosconfig contexts).
    var keys: [String] { entries.map(\.key) }

    func node(_ key: String) -> Node? { value(key) }

    func missing(_ key: String) -> TalosSecretsError {
        TalosSecretsError(source: source, field: field(key), problem: "is missing")
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
