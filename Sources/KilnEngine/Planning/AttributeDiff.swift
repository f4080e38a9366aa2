/// The default diff: attribute by attribute, replacing when a replacement-forcing attribute
/// changed, and always replacing a tainted record.
public enum AttributeDiff {
    public static func change(desired: Resource, current: ResourceRecord) -> ResourceChange {
        let names = Set(desired.attributes.keys).union(current.attributes.keys).sorted()
        let changes = names.compactMap { name -> AttributeChange? in
            let old = current.attributes[name], new = desired.attributes[name]
            guard old != new else { return nil }
            return AttributeChange(name: name, old: old, new: new,
                                   forcesReplacement: desired.forcesReplacement.contains(name),
                                   sensitive: desired.sensitive.contains(name) || current.sensitive.contains(name))
        }
        if current.status == .tainted {
            return ResourceChange(address: desired.address, action: .replace, attributeChanges: changes,
                                  reason: "tainted: an earlier operation failed midway")
        }
        if changes.isEmpty { return ResourceChange(address: desired.address, action: .noOp) }
        let action: ResourceChange.Action = changes.contains(where: \.forcesReplacement) ? .replace : .update
        return ResourceChange(address: desired.address, action: action, attributeChanges: changes)
    }
}
