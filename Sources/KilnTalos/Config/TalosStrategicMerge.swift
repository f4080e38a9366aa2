/// Talos's strategic merge, as far as kiln's patches need it: mappings merge key by key,
/// sequences are appended to, scalars replaced, and `$patch: delete` removes a key. Talos
/// decodes patches into its Go structs, so keys a patch adds land in the struct's field order,
/// not the patch's: `TalosFieldOrder` holds that order for the fields patches touch.
enum TalosStrategicMerge {
    static func merge(_ base: TalosYAML, _ patch: TalosYAML, path: String) -> TalosYAML {
        guard case .map(var entries) = base, case .map(let patchEntries) = patch else {
            if case .list(let items) = base, case .list(let added) = patch {
                return .list(items + added.map { normalized($0, path: path + "[]") })
            }
            return normalized(patch, path: path)
        }
        for entry in patchEntries {
            let childPath = path + "." + entry.key
            if isDelete(entry.value) {
                entries.removeAll { $0.key == entry.key }
            } else if let index = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[index].value = merge(entries[index].value, entry.value, path: childPath)
            } else {
                let value = normalized(entry.value, path: childPath)
                entries.insert(.init(entry.key, value), at: TalosFieldOrder.insertionIndex(of: entry.key, in: entries, path: path))
            }
        }
        return .map(entries)
    }

    /// A value new to the config, with its mappings' keys in struct order.
    static func normalized(_ value: TalosYAML, path: String) -> TalosYAML {
        switch value {
        case .map(let entries):
            let ordered = TalosFieldOrder.sorted(entries, path: path)
            return .map(ordered.filter { !isDelete($0.value) }.map { .init($0.key, normalized($0.value, path: path + "." + $0.key)) })
        case .list(let items):
            return .list(items.map { normalized($0, path: path + "[]") })
        default:
            return value
        }
    }

    private static func isDelete(_ value: TalosYAML) -> Bool { value["$patch"] == .string("delete") }
}
