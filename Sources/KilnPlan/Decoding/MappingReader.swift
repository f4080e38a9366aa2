import Foundation
import Yams

/// Reads one YAML mapping of the plan with locations: reports unknown keys (with a suggestion),
/// wrong types and missing required fields, and records where each field was written.
struct MappingReader {
    let context: DecodeContext
    /// Dotted path of this mapping (`proxmox`, `nodes[1]`); empty for the root.
    let path: String
    /// Where missing-field errors point: the key that holds this mapping (or the mapping itself).
    let ownerLocation: SourceLocation
    private var entries: [String: (key: Node, value: Node)] = [:]
    /// Allowed keys that an unknown key was taken for (`cilum` → `cilium`): their absence is
    /// already explained by the did-you-mean error, so no second "missing" error follows.
    private var suggested: Set<String> = []

    /// Key prefix the YAML loader gives the later copy of a duplicated key, so it is skipped here
    /// (the duplicate was already reported).
    static let duplicatePrefix = "__kiln_duplicate_"

    /// Opens `node` as a mapping. Keys in `allowed` are readable; `handled` keys were dealt with by
    /// the caller (credentials); anything else is an unknown-field error.
    init?(_ node: Node, path: String, context: DecodeContext, ownerLocation: SourceLocation,
          allowed: [String], handled: (String) -> Bool = { _ in false }) {
        self.context = context
        self.path = path
        self.ownerLocation = ownerLocation
        guard case .mapping(let mapping) = node else {
            context.error(context.location(node.mark),
                          "`\(MappingReader.display(path))` must be a mapping of fields, not \(node.kindDescription)",
                          fix: "write it as `key: value` lines indented under `\(MappingReader.lastComponent(path))`")
            context.markBroken(path)
            return nil
        }
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                context.error(context.location(key.mark), "keys in `\(MappingReader.display(path))` must be plain names")
                continue
            }
            let name = scalar.string
            if name.hasPrefix(MappingReader.duplicatePrefix) || handled(name) { continue }
            let fieldPath = MappingReader.join(path, name)
            guard allowed.contains(name) else {
                let where_ = path.isEmpty ? "at the top level of a plan" : "in `\(MappingReader.display(path))`"
                if let suggestion = FieldSuggestion.closest(to: name, in: allowed) {
                    suggested.insert(suggestion)
                    context.error(context.location(key.mark), "unknown field `\(name)` \(where_); did you mean `\(suggestion)`?",
                                  fix: "rename it to `\(suggestion)`")
                } else {
                    context.error(context.location(key.mark), "unknown field `\(name)` \(where_)",
                                  fix: "remove it; fields allowed here: \(allowed.map { "`\($0)`" }.joined(separator: ", "))")
                }
                continue
            }
            context.sourceMap.keys[fieldPath] = context.location(key.mark)
            context.sourceMap.values[fieldPath] = context.location(value.mark)
            entries[name] = (key, value)
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    static func display(_ path: String) -> String { path.isEmpty ? "plan" : path }
    static func lastComponent(_ path: String) -> String {
        let tail = path.split(separator: ".").last.map(String.init) ?? path
        return tail.isEmpty ? "plan" : tail
    }

    func fieldPath(_ key: String) -> String { MappingReader.join(path, key) }
    func keyLocation(_ key: String) -> SourceLocation { context.sourceMap.keyLocation(of: fieldPath(key)) ?? ownerLocation }
    func valueLocation(_ key: String) -> SourceLocation { context.sourceMap.location(of: fieldPath(key)) ?? ownerLocation }
    func has(_ key: String) -> Bool { entries[key].map { !$0.value.isNull } ?? false }

    /// The value node of `key`; nil when absent or null. A missing required field is reported
    /// at the owner with an example of what to add.
    func node(_ key: String, required: Bool = false, example: String? = nil) -> Node? {
        if let entry = entries[key], !entry.value.isNull { return entry.value }
        if required && suggested.contains(key) && entries[key] == nil {
            context.markBroken(fieldPath(key))
        } else if required {
            let present = entries[key] != nil
            let message = present
                ? "`\(fieldPath(key))` has no value"
                : "`\(MappingReader.display(path))` is missing the required field `\(key)`"
            let location = present ? keyLocation(key) : ownerLocation
            context.error(location, message, fix: example.map { "add `\(key): \($0)`" + (path.isEmpty ? "" : " under `\(MappingReader.lastComponent(path))`") })
            context.markBroken(fieldPath(key))
        }
        return nil
    }

    func typeError(_ key: String, _ node: Node, expected: String, fix: String? = nil) {
        var actual = node.kindDescription
        if case .scalar(let scalar) = node, !node.isNull { actual += " (`\(scalar.string)`)" }
        context.error(context.location(node.mark), "`\(fieldPath(key))` must be \(expected), not \(actual)", fix: fix)
        context.markBroken(fieldPath(key))
    }

    /// A scalar's text (numbers and booleans are taken as written).
    func string(_ key: String, required: Bool = false, example: String? = nil) -> String? {
        guard let node = node(key, required: required, example: example) else { return nil }
        guard case .scalar(let scalar) = node else {
            typeError(key, node, expected: "a string", fix: example.map { "write a single value, e.g. `\(key): \($0)`" })
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            context.error(context.location(node.mark), "`\(fieldPath(key))` must not be empty",
                          fix: example.map { "e.g. `\(key): \($0)`" })
            context.markBroken(fieldPath(key))
            return nil
        }
        return text
    }

    func int(_ key: String, required: Bool = false, example: String? = nil) -> Int? {
        guard let node = node(key, required: required, example: example) else { return nil }
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.int else {
            typeError(key, node, expected: "a whole number", fix: example.map { "e.g. `\(key): \($0)`" })
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool else {
            typeError(key, node, expected: "`true` or `false`")
            return nil
        }
        return value
    }

    /// A list's items with their paths (`key[0]`). A single scalar where a list belongs is an
    /// error with the bracketed form as the fix.
    func sequence(_ key: String, required: Bool = false, example: String? = nil) -> [(node: Node, path: String)]? {
        guard let node = node(key, required: required, example: example) else { return nil }
        guard case .sequence(let sequence) = node else {
            let fix: String
            if case .scalar(let scalar) = node { fix = "write it as a list: `\(key): [\(scalar.string)]`" } else { fix = "write it as a list of `- item` lines" }
            typeError(key, node, expected: "a list", fix: fix)
            return nil
        }
        return sequence.enumerated().map { index, item in
            let itemPath = "\(fieldPath(key))[\(index)]"
            context.sourceMap.values[itemPath] = context.location(item.mark)
            return (item, itemPath)
        }
    }

    /// A list of strings; each item's location is recorded under `key[i]`.
    func stringList(_ key: String, required: Bool = false, example: String? = nil) -> [(value: String, path: String)]? {
        guard let items = sequence(key, required: required, example: example) else { return nil }
        var result: [(String, String)] = []
        for (item, itemPath) in items {
            guard case .scalar(let scalar) = item, !item.isNull else {
                context.error(context.location(item.mark), "`\(itemPath)` must be a string, not \(item.kindDescription)")
                context.markBroken(itemPath)
                continue
            }
            result.append((scalar.string, itemPath))
        }
        return result
    }

    /// A mapping of string keys to string values (labels, variables); entries are recorded under
    /// `key.<name>` so rules can point at each.
    func stringMap(_ key: String) -> [(key: String, value: String, path: String)]? {
        guard let node = node(key) else { return nil }
        guard case .mapping(let mapping) = node else {
            typeError(key, node, expected: "a mapping", fix: "write it as `name: value` lines, or `{name: value}`")
            return nil
        }
        var result: [(String, String, String)] = []
        for (entryKey, entryValue) in mapping {
            guard case .scalar(let keyScalar) = entryKey else {
                context.error(context.location(entryKey.mark), "keys in `\(fieldPath(key))` must be strings")
                continue
            }
            if keyScalar.string.hasPrefix(MappingReader.duplicatePrefix) { continue }
            let entryPath = "\(fieldPath(key)).\(keyScalar.string)"
            context.sourceMap.keys[entryPath] = context.location(entryKey.mark)
            context.sourceMap.values[entryPath] = context.location(entryValue.mark)
            guard case .scalar(let valueScalar) = entryValue else {
                context.error(context.location(entryValue.mark), "`\(entryPath)` must be a string, not \(entryValue.kindDescription)")
                context.markBroken(entryPath)
                continue
            }
            result.append((keyScalar.string, entryValue.isNull ? "" : valueScalar.string, entryPath))
        }
        return result
    }

    /// A nested mapping, opened with its own allowed keys.
    func mapping(_ key: String, allowed: [String], required: Bool = false, example: String? = nil,
                 handled: (String) -> Bool = { _ in false }) -> MappingReader? {
        guard let node = node(key, required: required, example: example) else { return nil }
        return MappingReader(node, path: fieldPath(key), context: context, ownerLocation: keyLocation(key),
                             allowed: allowed, handled: handled)
    }
}
