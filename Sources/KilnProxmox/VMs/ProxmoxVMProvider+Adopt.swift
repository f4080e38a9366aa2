import KilnEngine

extension ProxmoxVMProvider {
    /// A run died while this VM was being made. A task it started (clone, create) is waited on
    /// first; then the VM at the recorded VMID is taken over if it has the plan's name (or is
    /// still being made: PVE names a clone only when the copy ends), and the remaining steps run.
    /// Otherwise nothing is adopted and the create runs again, with a new VMID if unpinned.
    ///
    /// An interrupted update or delete is not adopted here: both are safe to run again, which the
    /// engine does from the recorded (old) attributes — finishing an interrupted migration too.
    func adoptVM(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        guard let pending = record.pending, pending.operation == .create, let desired, let vmid = record.vmid else {
            return .nothingFound
        }
        let spec = try ProxmoxVMSpec(attributes: desired.attributes, address: desired.address)
        var failedTask: ProxmoxError?
        if let upidText = pending.outsideIDs["upid"], let upid = UPID(upidText) {
            do {
                _ = try await client.waitForTask(upid, progress: Self.reporter(context, "VM \(vmid)'s \(upid.type), started by the interrupted run"))
            } catch let error as ProxmoxError {
                guard case .task = error.kind else { throw error }
                failedTask = error // maybe a retry's earlier attempt: the VM decides
            }
        }
        guard var seen = try await locate(vmid) else { return .nothingFound }
        if seen.name != spec.name, let lock = seen.lock, Self.makingLocks.contains(lock) {
            // Killed before the task's UPID was written: let the copy finish, then look again.
            try await waitUntilUnlocked(VMPlacement(vmid: vmid, node: seen.node), context: context, limit: options.diskImportTimeout)
            guard let again = try await locate(vmid) else { return .nothingFound }
            seen = again
        }
        guard seen.name == spec.name else { return .nothingFound } // another VM took the number
        if let failedTask, seen.lock != nil { throw failedTask }
        let placement = VMPlacement(vmid: vmid, node: seen.node)
        // A VM made for `qm disk import` may have died before its disk was imported or attached.
        if let path = Self.uploadedImagePath(spec, context) {
            try await importAndAttach(spec, at: placement, imagePath: path, operation: pending.operation, context: context)
        }
        return .adopted(try await converge(spec, at: placement, poolNow: .some(seen.pool), operation: pending.operation,
                                           context: context))
    }
}
