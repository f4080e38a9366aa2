import KilnEngine

/// What the VM provider knows beyond the default attribute diff:
/// - a VM that already sits on the node the plan now names (moved by hand or by HA) needs no
///   replacement: only its record changes; one whose disks are on shared storage migrates;
/// - a disk grows in place but never shrinks: a smaller size can only be had by replacing the VM;
/// - CPU, memory and cloud-init changes reach the guest at its next boot, which kiln does not force.
enum VMDiff {
    typealias Key = ProxmoxVMSpec.Key

    static func change(desired: Resource, current: ResourceRecord) -> ResourceChange {
        var change = AttributeDiff.change(desired: desired, current: current)
        guard current.status != .tainted, change.action != .noOp else { return change }

        var notes: [String] = []
        for index in change.attributeChanges.indices {
            let attribute = change.attributeChanges[index]
            switch attribute.name {
            case Key.node:
                if case .string(let now)? = current.outputs["node"], attribute.new == .string(now) {
                    change.attributeChanges[index].forcesReplacement = false
                } else if current.outputs["storage_shared"] == .bool(true) {
                    change.attributeChanges[index].forcesReplacement = false
                    notes.append("the VM migrates to the new node (its disks are on shared storage)")
                }
            case Key.disk:
                if case .int(let old)? = attribute.old, case .int(let new)? = attribute.new, new < old {
                    change.attributeChanges[index].forcesReplacement = true
                    notes.append("Proxmox VE cannot shrink a disk (\(old) → \(new) GiB): only a new VM has a smaller one")
                }
            default:
                break
            }
        }
        change.action = change.attributeChanges.contains(where: \.forcesReplacement) ? .replace : .update
        if change.action == .update {
            let later = change.attributeChanges.map(\.name).filter { ProxmoxVMSpec.rebootKeys.contains($0) }
            if !later.isEmpty {
                notes.append("\(later.joined(separator: ", ")) take\(later.count == 1 ? "s" : "") effect after a reboot; kiln does not reboot nodes")
            }
        }
        change.reason = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return change
    }
}
