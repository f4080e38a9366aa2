import KilnEngine

/// What the VM provider refuses to do, with what to do instead.
public enum ProxmoxVMError: Error, Sendable, CustomStringConvertible, HintedError {
    /// The record or saved plan lacks an attribute the provider needs (hand-edited or from another kiln).
    case malformedAttributes(ResourceAddress, key: String)
    /// The VMID is taken by a VM kiln did not make for this node.
    case vmidTaken(vmid: Int, by: String, node: String)
    /// No free VMID after several clashes with other creators.
    case noFreeVMID(attempts: Int)
    /// The VM kept a lock (`clone`, `backup`…) past the wait.
    case stillLocked(vmid: Int, lock: String, waited: Duration)
    /// The disk device kiln manages was not found in the VM's config.
    case noDisk(vmid: Int)
    /// The template's (or image's) disk is already larger than the plan's size.
    case diskLargerThanPlan(vmid: Int, disk: String, gib: Int, planned: Int)
    /// `qm disk import` ended well, but the VM's config shows no disk it added.
    case importedDiskMissing(vmid: Int, storage: String)

    public var description: String {
        switch self {
        case .malformedAttributes(let address, let key):
            "\(address): attribute `\(key)` is missing or has the wrong type"
        case .vmidTaken(let vmid, let name, let node):
            "VMID \(vmid) is already used by VM '\(name)' on node \(node), which kiln did not create for this plan"
        case .noFreeVMID(let attempts):
            "no free VMID after \(attempts) tries: other clients kept taking the next free one"
        case .stillLocked(let vmid, let lock, let waited):
            "VM \(vmid) is still locked (\(lock)) after \(waited.formatted(.units(allowed: [.seconds], width: .narrow)))"
        case .noDisk(let vmid):
            "VM \(vmid) has no disk kiln can manage (scsi0, virtio0, sata0 or ide0)"
        case .diskLargerThanPlan(let vmid, let disk, let gib, let planned):
            "VM \(vmid)'s \(disk) is \(gib) GiB, larger than the plan's \(planned) GiB, and Proxmox VE cannot shrink a disk"
        case .importedDiskMissing(let vmid, let storage):
            "`qm disk import` finished, but VM \(vmid)'s config shows no unused disk on \(storage) to attach as scsi0"
        }
    }

    public var hint: String {
        switch self {
        case .malformedAttributes:
            "run `kiln plan` again without a saved plan; if the state was edited by hand, restore `.backup`"
        case .vmidTaken(let vmid, _, _):
            "pin another `vmid` for this node in the plan, or remove the `vmid` line to let kiln pick a free one (VM \(vmid) is left alone)"
        case .noFreeVMID:
            "pin VMIDs in the plan (`vmid:` per node) so kiln does not race other clients for them"
        case .stillLocked(let vmid, _, _):
            "wait for the operation holding VM \(vmid) to finish (see the node's Tasks), or remove a stale lock with `qm unlock \(vmid)`, then run `kiln apply` again"
        case .diskLargerThanPlan(_, _, let gib, _):
            "set the nodes' `disk` to at least \(gib)GiB in the plan (the template's disk size), then run `kiln apply` again"
        case .noDisk:
            "give the template a boot disk on scsi0 (the Talos nocloud image imported as a disk), then replace the VM"
        case .importedDiskMissing(let vmid, _):
            "look at VM \(vmid)'s Hardware on the node; if its disk is attached some other way, remove the VM (`qm destroy \(vmid)`) and run `kiln apply` again"
        }
    }
}

extension ProxmoxError: HintedError {}
extension ProxmoxConfigurationError: HintedError {}
