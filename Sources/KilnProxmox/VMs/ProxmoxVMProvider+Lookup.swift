import KilnEngine

extension ProxmoxVMProvider {
    /// The VM `vmid` wherever it is now (one `/cluster/resources` call), or nil.
    func locate(_ vmid: Int) async throws -> ProxmoxClusterResource? {
        try await client.clusterResources().first { $0.vmid == vmid && $0.type != "lxc" }
    }

    /// Whether the VM at a recorded VMID is still the one kiln made there, not another VM that
    /// reused the number after ours was deleted by hand: it has the name kiln gave it. With
    /// `renamedCounts`, a VM that carries this cluster's tag also counts (renamed by hand: the
    /// plan shows the name change); deleting never relies on that.
    func isSameVM(_ seen: ProxmoxClusterResource, as record: ResourceRecord, renamedCounts: Bool = false) -> Bool {
        let name = record.vmName ?? record.address.name
        return seen.name == name || (renamedCounts && seen.tags.contains(ProxmoxVMSpec.clusterTag(cluster)))
    }

    /// After a retried create answered "already exists": the VM is ours only if it has our name
    /// or is still being made (a clone names its VM only at the end); else someone else took the VMID.
    func confirmMadeByEarlierAttempt(name: String, at placement: VMPlacement, context: OperationContext) async throws {
        guard let seen = try await locate(placement.vmid) else {
            throw ProxmoxError(kind: .alreadyExists, request: "create VM \(placement.vmid)", reason: "VM \(placement.vmid) already exists")
        }
        if seen.name != name, let lock = seen.lock, Self.makingLocks.contains(lock) {
            try await waitUntilUnlocked(VMPlacement(vmid: placement.vmid, node: seen.node), context: context, limit: options.diskImportTimeout)
        }
        guard try await locate(placement.vmid)?.name == name else {
            throw ProxmoxVMError.vmidTaken(vmid: placement.vmid, by: seen.name ?? "?", node: seen.node)
        }
    }

    /// The locks PVE holds on a VM while a clone or a create is still making it.
    static let makingLocks: Set<String> = ["clone", "create"]
}

extension ResourceRecord {
    /// The VM's name as kiln set it.
    var vmName: String? { if case .string(let name)? = attributes[ProxmoxVMSpec.Key.name] { name } else { nil } }
}
