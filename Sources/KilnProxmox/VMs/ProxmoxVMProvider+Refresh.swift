import KilnEngine

extension ProxmoxVMProvider {
    /// One `/cluster/resources` call for every VM; a config read only for VMs whose line there
    /// differs from the one recorded. A VM found on another node is followed (its record's
    /// node changes, nothing is recreated); a VMID missing, or now holding another VM, is absent.
    func refreshVMs(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] {
        // Records with an unfinished operation are the adoption's business.
        let settled = records.filter { $0.pending == nil && $0.vmid != nil }
        guard !settled.isEmpty else { return [:] }
        let inventory = Dictionary(try await client.clusterResources().filter { $0.type != "lxc" }.map { ($0.vmid, $0) },
                                   uniquingKeysWith: { first, _ in first })
        var outcomes: [ResourceAddress: RefreshOutcome] = [:]
        var toRead: [(ResourceRecord, ProxmoxClusterResource)] = []
        for record in settled {
            guard let vmid = record.vmid, let seen = inventory[vmid], isSameVM(seen, as: record, renamedCounts: true) else {
                outcomes[record.address] = .absent
                continue
            }
            if case .string(VMSummary(seen).text)? = record.outputs["summary"] {
                outcomes[record.address] = .present(record)
            } else {
                toRead.append((record, seen))
            }
        }
        let read = try await readConfigs(toRead)
        for (address, record) in read { outcomes[address] = .present(record) }
        return outcomes
    }

    /// Reads the configs of changed VMs, a few at a time.
    private func readConfigs(_ items: [(ResourceRecord, ProxmoxClusterResource)]) async throws -> [ResourceAddress: ResourceRecord] {
        try await withThrowingTaskGroup(of: (ResourceAddress, ResourceRecord).self) { group in
            var results: [ResourceAddress: ResourceRecord] = [:]
            var next = 0
            func addNext() {
                guard next < items.count else { return }
                let (record, seen) = items[next]
                next += 1
                group.addTask { (record.address, try await self.observed(record, seen)) }
            }
            for _ in 0..<options.refreshConcurrency { addNext() }
            while let (address, record) = try await group.next() {
                results[address] = record
                addNext()
            }
            return results
        }
    }

    private func observed(_ record: ResourceRecord, _ seen: ProxmoxClusterResource) async throws -> ResourceRecord {
        let config = try await client.vmConfig(node: seen.node, vmid: seen.vmid)
        var now = record
        now.attributes = VMObservation.attributes(config: config, seen: seen, recorded: record.attributes)
        now.outsideIDs = VMPlacement(vmid: seen.vmid, node: seen.node).outsideIDs
        now.outputs["node"] = .string(seen.node)
        now.outputs["summary"] = .string(VMSummary(seen).text)
        if let mac = config["net0"].flatMap(NetworkDevice.init)?.mac { now.outputs["mac"] = .string(mac) }
        return now
    }
}
