import Yams

/// An RFC 6902 patch: operations applied in order to the config's v1alpha1 document.
///
/// talosctl refuses JSON patches on multi-document configs, and every config from v1.12 on is
/// multi-document (`HostnameConfig` is always there). The pointers users write (`/machine/…`,
/// `/cluster/…`) name the v1alpha1 document, so kiln applies them there; other documents are
/// patched with strategic merge.
public struct TalosJSONPatch: Sendable, Equatable {
    public struct Operation: Sendable, Equatable {
        public enum Op: String, Sendable, CaseIterable { case add, remove, replace, move, copy, test }
        public var op: Op
        public var path: String
        public var from: String?
        public var value: TalosYAML?

        public init(op: Op, path: String, from: String? = nil, value: TalosYAML? = nil) {
            self.op = op
            self.path = path
            self.from = from
            self.value = value
        }
    }

    public var source: TalosPatchSource
    public var operations: [Operation]

    public init(operations: [Operation], source: TalosPatchSource) {
        self.operations = operations
        self.source = source
    }

    /// Applies every operation to the v1alpha1 document; the first that fails stops the patch.
    public func apply(to config: [TalosYAML]) throws(TalosPatchError) -> [TalosYAML] {
        guard let target = config.firstIndex(where: TalosStrategicMerge.isV1Alpha1) else {
            throw TalosPatchError(source: source, reason: "the config has no v1alpha1 document for JSON patches to apply to",
                                  hint: "write this patch as a strategic merge patch naming its document's `kind`")
        }
        var document = config[target]
        for (index, operation) in operations.enumerated() {
            do {
                document = try Self.apply(operation, to: document)
            } catch let failure {
                throw TalosPatchError(source: source, operation: index, path: failure.path ?? operation.path,
                                      reason: failure.reason, hint: failure.hint)
            }
        }
        var result = config
        result[target] = document
        return result
    }

    struct Failure: Error {
        var reason: String
        var hint: String
        var path: String? = nil
    }

    static func apply(_ operation: Operation, to document: TalosYAML) throws(Failure) -> TalosYAML {
        let path = try pointer(operation.path)
        switch operation.op {
        case .add:
            return try add(try value(operation), at: path, in: document)
        case .remove:
            return try remove(at: path, in: document).document
        case .replace:
            guard get(path.tokens, in: document) != nil else {
                throw Failure(reason: "there is nothing to replace (the path does not exist)",
                              hint: "use `op: add` to create it, or check the path against the generated config (`kiln talos config`)")
            }
            return try set(try value(operation), at: path.tokens, in: document, adding: false)
        case .move, .copy:
            guard let fromText = operation.from else {
                throw Failure(reason: "`\(operation.op.rawValue)` needs `from`", hint: "add `from: /the/source/path`")
            }
            let from = try pointer(fromText)
            if operation.op == .move {
                if path.isWithin(from), path != from {
                    throw Failure(reason: "cannot move a value into itself", hint: "choose a `path` outside `from`")
                }
                let removed: (document: TalosYAML, value: TalosYAML)
                do { removed = try remove(at: from, in: document) } catch let failure {
                    throw Failure(reason: failure.reason, hint: failure.hint, path: fromText)
                }
                return try add(removed.value, at: path, in: removed.document)
            }
            guard let copied = get(from.tokens, in: document) else {
                throw Failure(reason: "`from` does not exist", hint: "check `from` against the generated config (`kiln talos config`)", path: fromText)
            }
            return try add(copied, at: path, in: document)
        case .test:
            let expected = try value(operation)
            guard let actual = get(path.tokens, in: document) else {
                throw Failure(reason: "test failed: the path does not exist", hint: "check the path, or drop the test")
            }
            // The values are not quoted: they may be secrets.
            guard TalosYAMLEquality.equal(actual, expected) else {
                throw Failure(reason: "test failed: the value differs", hint: "the config is not what this patch expects; update the test's `value`")
            }
            return document
        }
    }

    private static func pointer(_ text: String) throws(Failure) -> TalosJSONPointer {
        guard let pointer = TalosJSONPointer(text) else {
            throw Failure(reason: "not a JSON pointer", hint: "start it with `/`, e.g. `/machine/install/disk`", path: text)
        }
        return pointer
    }

    private static func value(_ operation: Operation) throws(Failure) -> TalosYAML {
        guard let value = operation.value else {
            throw Failure(reason: "`\(operation.op.rawValue)` needs a `value`", hint: "add `value: …`")
        }
        return value
    }

    static func get(_ tokens: [String], in node: TalosYAML) -> TalosYAML? {
        guard let token = tokens.first else { return node }
        switch node {
        case .map(let entries):
            guard let child = entries.first(where: { $0.key == token }) else { return nil }
            return get(Array(tokens.dropFirst()), in: child.value)
        case .list(let items):
            guard let index = TalosJSONPointer.index(token), index < items.count else { return nil }
            return get(Array(tokens.dropFirst()), in: items[index])
        default:
            return nil
        }
    }

    private static func add(_ value: TalosYAML, at path: TalosJSONPointer, in document: TalosYAML) throws(Failure) -> TalosYAML {
        guard !path.tokens.isEmpty else { return value }
        return try set(value, at: path.tokens, in: document, adding: true)
    }

    /// Sets (or, `adding` into a list, inserts) `value` at `tokens`; every parent must exist.
    private static func set(_ value: TalosYAML, at tokens: [String], in node: TalosYAML, adding: Bool,
                            structPath: String = "v1alpha1") throws(Failure) -> TalosYAML {
        guard let token = tokens.first else { return value }
        let last = tokens.count == 1
        switch node {
        case .map(var entries):
            let childPath = structPath + "." + token
            if let index = entries.firstIndex(where: { $0.key == token }) {
                entries[index].value = try set(value, at: Array(tokens.dropFirst()), in: entries[index].value, adding: adding, structPath: childPath)
            } else if last {
                // Talos re-encodes a patched config through its Go structs: new keys take struct order.
                let normalized = TalosStrategicMerge.normalized(value, path: childPath)
                entries.insert(.init(token, normalized), at: TalosFieldOrder.insertionIndex(of: token, in: entries, path: structPath))
            } else {
                throw Failure(reason: "`\(token)` does not exist, so nothing can be added under it",
                              hint: "add the parent first (an `add` of a mapping), or use a strategic merge patch, which creates parents")
            }
            return .map(entries)
        case .list(var items):
            if last, adding {
                if token == "-" {
                    items.append(value)
                } else if let index = TalosJSONPointer.index(token), index <= items.count {
                    items.insert(value, at: index)
                } else {
                    throw Failure(reason: "`\(token)` is not an index of this list of \(items.count) (use 0…\(items.count) or `-` to append)",
                                  hint: "use `-` to append to the list")
                }
                return .list(items)
            }
            guard let index = TalosJSONPointer.index(token), index < items.count else {
                throw Failure(reason: "`\(token)` is not an index of this list of \(items.count)", hint: "indexes count from 0; check the generated config (`kiln talos config`)")
            }
            items[index] = try set(value, at: Array(tokens.dropFirst()), in: items[index], adding: adding, structPath: structPath + "[]")
            return .list(items)
        default:
            throw Failure(reason: "`\(token)` is below a plain value, which has no fields",
                          hint: "point at a mapping or list; check the generated config (`kiln talos config`)")
        }
    }

    private static func remove(at path: TalosJSONPointer, in document: TalosYAML) throws(Failure) -> (document: TalosYAML, value: TalosYAML) {
        guard !path.tokens.isEmpty else {
            throw Failure(reason: "cannot remove the whole document", hint: "remove fields of it instead")
        }
        var removed: TalosYAML?
        let result = try removing(path.tokens, in: document, removed: &removed)
        guard let removed else {
            throw Failure(reason: "there is nothing to remove (the path does not exist)",
                          hint: "check the path against the generated config (`kiln talos config`); indexes count from 0")
        }
        return (result, removed)
    }

    private static func removing(_ tokens: [String], in node: TalosYAML, removed: inout TalosYAML?) throws(Failure) -> TalosYAML {
        guard let token = tokens.first else { return node }
        let last = tokens.count == 1
        switch node {
        case .map(var entries):
            guard let index = entries.firstIndex(where: { $0.key == token }) else { return node }
            if last {
                removed = entries.remove(at: index).value
            } else {
                entries[index].value = try removing(Array(tokens.dropFirst()), in: entries[index].value, removed: &removed)
            }
            return .map(entries)
        case .list(var items):
            guard let index = TalosJSONPointer.index(token), index < items.count else { return node }
            if last {
                removed = items.remove(at: index)
            } else {
                items[index] = try removing(Array(tokens.dropFirst()), in: items[index], removed: &removed)
            }
            return .list(items)
        default:
            return node
        }
    }
}
