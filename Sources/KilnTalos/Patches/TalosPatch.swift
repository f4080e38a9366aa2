import Yams

/// One machine-config patch in either form Talos reads: a strategic merge (YAML documents
/// merged into the config) or an RFC 6902 JSON patch (operations on the v1alpha1 document).
public enum TalosPatch: Sendable {
    case strategicMerge(TalosConfigPatch, source: TalosPatchSource)
    case json(TalosJSONPatch)

    public var source: TalosPatchSource {
        switch self {
        case .strategicMerge(_, let source): source
        case .json(let patch): patch.source
        }
    }

    /// A strategic merge patch from YAML text (one or more mappings).
    public static func strategicMerge(yaml text: String, source: TalosPatchSource) throws(TalosPatchError) -> TalosPatch {
        do {
            return .strategicMerge(try TalosConfigPatch(yaml: text, source: source.description), source: source)
        } catch {
            throw TalosPatchError(converting: error, source: source)
        }
    }

    /// A patch file's text, told apart as talosctl does: a list (JSON or YAML) is an RFC 6902
    /// patch, mappings are a strategic merge patch.
    public static func parse(_ text: String, source: TalosPatchSource) throws(TalosPatchError) -> TalosPatch {
        let root: Node?
        do {
            let parser = try Parser(yaml: text)
            root = try parser.nextRoot()
        } catch {
            // Reported by the strategic merge reader, which gives the position without quoting.
            return try strategicMerge(yaml: text, source: source)
        }
        guard let root, case .sequence = root else { return try strategicMerge(yaml: text, source: source) }
        return .json(try TalosJSONPatch(list: TalosYAMLNode.convert(root), source: source))
    }

    public func apply(to config: [TalosYAML]) throws(TalosPatchError) -> [TalosYAML] {
        switch self {
        case .strategicMerge(let patch, let source):
            do { return try patch.apply(to: config) } catch { throw TalosPatchError(converting: error, source: source) }
        case .json(let patch):
            return try patch.apply(to: config)
        }
    }
}

extension TalosJSONPatch {
    /// Operations read from a parsed list: each a mapping with `op`, `path` and, as the op needs
    /// them, `value` and `from`.
    public init(list: TalosYAML, source: TalosPatchSource) throws(TalosPatchError) {
        guard case .list(let items) = list else {
            throw TalosPatchError(source: source, kind: .unreadable, reason: "an RFC 6902 patch is a list of operations",
                                  hint: "write it as `- {op: add, path: /machine/…, value: …}`")
        }
        var operations: [Operation] = []
        for (index, item) in items.enumerated() {
            func fail(_ reason: String, _ hint: String) -> TalosPatchError {
                TalosPatchError(source: source, kind: .unreadable, operation: index, path: item["path"]?.stringValue, reason: reason, hint: hint)
            }
            guard case .map(let entries) = item else {
                throw fail("an operation must be a mapping", "write `{op: add, path: /machine/…, value: …}`")
            }
            if let unknown = entries.first(where: { !["op", "path", "value", "from"].contains($0.key) }) {
                throw fail("unknown field `\(unknown.key)`", "an operation has only `op`, `path`, `value` and `from`")
            }
            let ops = Operation.Op.allCases.map(\.rawValue).joined(separator: ", ")
            guard let name = item["op"]?.stringValue, let op = Operation.Op(rawValue: name) else {
                throw fail("`op` must be one of \(ops)", "set `op:` to one of \(ops)")
            }
            guard let path = item["path"]?.stringValue else {
                throw fail("`path` is missing", "add `path: /machine/…` (a JSON pointer)")
            }
            let from = item["from"]?.stringValue
            if [.move, .copy].contains(op), from == nil { throw fail("`\(name)` needs `from`", "add `from: /the/source/path`") }
            let value = item["value"]
            if [.add, .replace, .test].contains(op), value == nil { throw fail("`\(name)` needs a `value`", "add `value: …`") }
            operations.append(Operation(op: op, path: path, from: from, value: value))
        }
        self.init(operations: operations, source: source)
    }
}

extension TalosPatchError {
    /// The strategic merge reader's errors, with the patch's source and a fix.
    init(converting error: TalosConfigError, source: TalosPatchSource) {
        switch error {
        case .patchNotYAML(_, let problem):
            self.init(source: source, kind: .unreadable, reason: "not valid YAML (\(problem))", hint: "fix the YAML syntax at that position")
        case .patchNotAMapping(_, let document):
            self.init(source: source, kind: .unreadable, reason: "document \(document) is neither a mapping nor a list of RFC 6902 operations",
                      hint: "write a fragment of the machine config (`machine: …`) or a list of `{op, path, value}` operations")
        case .patchTargetMissing(_, let document):
            self.init(source: source, reason: "it targets \(document), which the config does not have",
                      hint: "check the document's `kind` and `name` against the generated config (`kiln talos config`)")
        case .unsupportedVersion:
            self.init(source: source, reason: "\(error)", hint: "use a supported Talos version")
        }
    }
}
