import KilnEngine

extension ProxmoxVMProvider {
    /// A run died while creating or updating this VM. If the VM exists at the recorded VMID
    /// (by name: a clone names it from the start), wait for a clone still copying, then carry on
    /// with the remaining steps; if it does not, say so and let the create run again. An
    /// interrupted delete is finished by the engine (delete is idempotent).
    func adoptVM(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        guard let pending = record.pending, pending.operation != .delete, let desired, let vmid = record.vmid else {
            return .nothingFound
        }
        let spec = try ProxmoxVMSpec(attributes: desired.attributes, address: desired.address)
        guard let seen = try await locate(vmid), seen.name == spec.name else {
            // Not made (or made and already gone): a clone task still running would have shown the VM.
            return .nothingFound
        }
        let placement = VMPlacement(vmid: vmid, node: seen.node)
        if let upidText = pending.outsideIDs["upid"], let upid = UPID(upidText) {
            do {
                _ = try await client.waitForTask(upid, progress: Self.reporter(context, "clone to VM \(vmid), started by the interrupted run"))
            } catch let error as ProxmoxError {
                // A failed clone removes its half-made VM: then there is nothing to adopt.
                guard case .task = error.kind else { throw error }
                if try await locate(vmid) == nil { return .nothingFound }
                throw error
            }
        }
        // A VM made for `qm disk import` may have died before its disk was imported or attached.
        if let path = Self.uploadedImagePath(spec, context) {
            try await importAndAttach(spec, at: placement, imagePath: path, operation: pending.operation, context: context)
        }
        return .adopted(try await converge(spec, at: placement, poolNow: .some(seen.pool), operation: pending.operation,
                                                context: context))
    }
}
