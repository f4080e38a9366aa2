/// Talos's strategic merge: mappings merge key by key, scalars are replaced, `$patch: delete`
/// removes a key (or, on a list item, the matching item), and lists follow Talos's rules:
/// appended to, except the ones Talos replaces (`TalosListRules.replaced`) and the ones whose
/// items merge with the item of the same key (`TalosListRules.keyed`: interfaces by `interface`
/// or `deviceSelector`, VLANs by `vlanId`, admission plugins by `name`). Talos decodes patches
/// into its Go structs, so keys a patch adds land in the struct's field order, not the patch's:
/// `TalosFieldOrder` holds that order for the fields patches touch.
enum TalosStrategicMerge {
    static func merge(_ base: TalosYAML, _ patch: TalosYAML, path: String) -> TalosYAML {
        switch (base, patch) {
        case (.map(var entries), .map(let patchEntries)):
            for entry in patchEntries {
                let childPath = path + "." + entry.key
                if isDelete(entry.value) {
                    entries.removeAll { $0.key == entry.key }
                } else if let index = entries.firstIndex(where: { $0.key == entry.key }) {
                    entries[index].value = TalosListRules.replacedValues.contains(childPath)
                        ? normalized(entry.value, path: childPath)
                        : merge(entries[index].value, entry.value, path: childPath)
                } else {
                    let value = normalized(entry.value, path: childPath)
                    entries.insert(.init(entry.key, value), at: TalosFieldOrder.insertionIndex(of: entry.key, in: entries, path: path))
                }
            }
            return .map(entries)
        case (.list(let items), .list(let added)):
            if TalosListRules.replaced.contains(path) { return normalized(patch, path: path) }
            return mergeList(items, added, path: path)
        default:
            return normalized(patch, path: path)
        }
    }

    private static func mergeList(_ base: [TalosYAML], _ patch: [TalosYAML], path: String) -> TalosYAML {
        var items = base
        let keys = TalosListRules.keyed[path]
        for item in patch {
            let deleting = isDelete(item)
            let match: Int? = keys.flatMap { keys in
                guard let key = keys.first(where: { item[$0] != nil }), let wanted = item[key] else { return nil }
                return items.firstIndex { $0[key] == wanted }
            } ?? (deleting ? items.firstIndex { $0 == withoutDirective(item) } : nil)
            switch (match, deleting) {
            case (let index?, true): items.remove(at: index)
            case (nil, true): continue   // nothing to delete
            case (let index?, false): items[index] = merge(items[index], item, path: path + "[]")
            case (nil, false): items.append(normalized(item, path: path + "[]"))
            }
        }
        return .list(items)
    }

    /// A value new to the config, with its mappings' keys in struct order.
    static func normalized(_ value: TalosYAML, path: String) -> TalosYAML {
        switch value {
        case .map(let entries):
            let ordered = TalosFieldOrder.sorted(entries, path: path)
            return .map(ordered.filter { !isDelete($0.value) }.map { .init($0.key, normalized($0.value, path: path + "." + $0.key)) })
        case .list(let items):
            return .list(items.filter { !isDelete($0) }.map { normalized($0, path: path + "[]") })
        default:
            return value
        }
    }

    static func isDelete(_ value: TalosYAML) -> Bool { value["$patch"] == .string("delete") }

    static func isV1Alpha1(_ document: TalosYAML) -> Bool {
        document["version"] == .string("v1alpha1") && document["kind"] == nil
    }

    private static func withoutDirective(_ value: TalosYAML) -> TalosYAML {
        guard case .map(let entries) = value else { return value }
        return .map(entries.filter { $0.key != "$patch" })
    }
}

/// Where Talos's strategic merge departs from "lists append" (paths as in `TalosFieldOrder`:
/// `v1alpha1.` or a document's kind, then keys, `[]` for a list's items).
enum TalosListRules {
    /// Lists a patch replaces as a whole (Talos's `merge:"replace"` fields).
    static let replaced: Set<String> = [
        "v1alpha1.cluster.network.podSubnets", "v1alpha1.cluster.network.serviceSubnets",
        "KubeNetworkConfig.podSubnets", "KubeNetworkConfig.serviceSubnets",
    ]
    /// Mappings a patch replaces as a whole rather than merging into.
    static let replacedValues: Set<String> = ["v1alpha1.cluster.apiServer.auditPolicy"]
    /// Lists whose items are matched by the first of these keys the patch item has: a match
    /// merges (or, with `$patch: delete`, is removed), anything else is appended.
    static let keyed: [String: [String]] = [
        "v1alpha1.machine.network.interfaces": ["interface", "deviceSelector"],
        "v1alpha1.machine.network.interfaces[].vlans": ["vlanId"],
        "v1alpha1.cluster.apiServer.admissionControl": ["name"],
    ]
}
