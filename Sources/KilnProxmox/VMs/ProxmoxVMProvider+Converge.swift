import KilnEngine

extension ProxmoxVMProvider {
    /// Brings an existing VM to `spec`: waits for its lock, edits the config (with the digest),
    /// grows the disk, starts it. Every step is idempotent, so a resumed run simply repeats the
    /// one it was in. Returns the record of the VM as it now is.
    /// `poolNow` is the pool `/cluster/resources` showed, when the caller looked; a clone just
    /// made is already in the plan's pool.
    func converge(_ spec: ProxmoxVMSpec, at placement: VMPlacement, poolNow: String??, operation: PendingIntent.Operation,
                  context: OperationContext) async throws -> ResourceRecord {
        try await waitUntilUnlocked(placement, context: context)

        try await context.recordIntent(PendingIntent(operation: operation, outsideIDs: placement.outsideIDs, step: "configuring"))
        let config = try await editConfig(spec, at: placement)
        if case .some(let seenPool) = poolNow, seenPool != spec.pool {
            try await client.setPool(vmid: placement.vmid, pool: spec.pool, from: seenPool)
        }

        guard let disk = VMObservation.diskDevice(config) else { throw ProxmoxVMError.noDisk(vmid: placement.vmid) }
        let diskGiB = config[disk].map(VMObservation.diskGiB) ?? 0
        // Recording a smaller size than the VM has would read back as a shrink: a replacement, forever.
        if diskGiB > spec.diskGiB { throw ProxmoxVMError.diskLargerThanPlan(vmid: placement.vmid, disk: disk, gib: diskGiB, planned: spec.diskGiB) }
        if diskGiB < spec.diskGiB {
            try await context.recordIntent(PendingIntent(operation: operation, outsideIDs: placement.outsideIDs, step: "resizing"))
            // An absolute size: repeating it after a crash is harmless, unlike `+N`.
            if let upid = try await client.resize(node: placement.node, vmid: placement.vmid, disk: disk, size: "\(spec.diskGiB)G") {
                _ = try await client.waitForTask(upid, progress: Self.reporter(context, "resize of VM \(placement.vmid)'s \(disk)"))
            }
        }

        let status = try await client.status(node: placement.node, vmid: placement.vmid)
        if !status.isRunning {
            try await context.recordIntent(PendingIntent(operation: operation, outsideIDs: placement.outsideIDs, step: "starting"))
            let upid = try await client.start(node: placement.node, vmid: placement.vmid)
            _ = try await client.waitForTask(upid, progress: Self.reporter(context, "start of VM \(placement.vmid)"))
        }
        var made = record(context.address, spec: spec, placement: placement, config: config, disk: disk)
        made.outputs["storage_shared"] = .bool(try await storages.isShared(spec.storage, client: client))
        return made
    }

    /// Sends only what differs, with the digest read just before; when someone else changed the
    /// config in between, reads it again and retries.
    private func editConfig(_ spec: ProxmoxVMSpec, at placement: VMPlacement) async throws -> ProxmoxVMConfig {
        var attempt = 0
        while true {
            attempt += 1
            let config = try await client.vmConfig(node: placement.node, vmid: placement.vmid)
            let edit = VMConfigEdit(spec: spec, current: config)
            if edit.isEmpty { return config }
            do {
                try await client.updateConfig(node: placement.node, vmid: placement.vmid, fields: edit.fields,
                                              delete: edit.delete, digest: config.digest)
            } catch let error as ProxmoxError where error.isDigestMismatch && attempt < 3 {
                continue
            }
            return try await client.vmConfig(node: placement.node, vmid: placement.vmid)
        }
    }

    /// Polls `status/current` until no operation holds the VM (a clone keeps `lock: clone` for
    /// a moment after its task ends), at most `options.lockWait`.
    func waitUntilUnlocked(_ placement: VMPlacement, context: OperationContext, limit: Duration? = nil) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        var pause = options.poll
        while true {
            let status = try await client.status(node: placement.node, vmid: placement.vmid)
            guard let lock = status.lock else { return }
            let waited = clock.now - started
            if waited >= limit ?? options.lockWait { throw ProxmoxVMError.stillLocked(vmid: placement.vmid, lock: lock, waited: waited) }
            context.report(waitingFor: "VM \(placement.vmid)'s lock to clear", lastSeen: "lock: \(lock)")
            try await context.pause(for: pause)
            pause = min(pause * 2, options.maxPoll)
        }
    }

    func record(_ address: ResourceAddress, spec: ProxmoxVMSpec, placement: VMPlacement, config: ProxmoxVMConfig,
                disk: String) -> ResourceRecord {
        var outputs: Attributes = [
            "vmid": .int(placement.vmid), "node": .string(placement.node), "disk": .string(disk),
            "summary": .string(VMSummary(predictedFor: spec, node: placement.node).text),
        ]
        if let mac = config["net0"].flatMap(NetworkDevice.init)?.mac { outputs["mac"] = .string(mac) }
        if let ip = spec.ipConfig.split(separator: ",").first(where: { $0.hasPrefix("ip=") }) {
            outputs["ip"] = .string(String(ip.dropFirst(3).split(separator: "/").first ?? ""))
        }
        return ResourceRecord(address: address, attributes: spec.attributes, outsideIDs: placement.outsideIDs, outputs: outputs)
    }
}

extension ProxmoxError {
    /// A task that failed because it could not take a lock in time: nothing was done.
    var isLockTimeoutTask: Bool {
        guard case .task(_, let exitStatus, _) = kind else { return false }
        return exitStatus.contains("can't lock file") || exitStatus.contains("got timeout")
    }

    /// PVE's answer when the `digest` sent no longer matches the config.
    var isDigestMismatch: Bool {
        reason.contains("detected modified configuration") || errors["digest"] != nil
    }
}
