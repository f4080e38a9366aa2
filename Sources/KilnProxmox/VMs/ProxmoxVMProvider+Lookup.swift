import KilnEngine

extension ProxmoxVMProvider {
    /// The VM `vmid` wherever it is now (one `/cluster/resources` call), or nil.
    func locate(_ vmid: Int) async throws -> ProxmoxClusterResource? {
        try await client.clusterResources().first { $0.vmid == vmid && $0.type != "lxc" }
    }

    /// Whether the VM at a recorded VMID is still the one kiln made there, not another VM that
    /// reused the number after ours was deleted by hand: it has the recorded name, or (renamed
    /// by hand) still carries this cluster's tag.
    func isSameVM(_ seen: ProxmoxClusterResource, expectedName: String?) -> Bool {
        guard let expectedName else { return true }
        return seen.name == expectedName || seen.tags.contains(ProxmoxVMSpec.clusterTag(cluster))
    }
}

extension ResourceRecord {
    /// The VM's name as kiln set it.
    var vmName: String? { if case .string(let name)? = attributes[ProxmoxVMSpec.Key.name] { name } else { nil } }
}
