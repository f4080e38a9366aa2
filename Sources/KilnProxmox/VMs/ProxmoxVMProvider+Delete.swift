import KilnEngine

extension ProxmoxVMProvider {
    /// Shuts the VM down (gracefully, then forced after `options.shutdownTimeout`) and deletes it
    /// with its disks, on whichever node it is now. A VM already gone is success; a VMID now
    /// used by a different VM is left alone.
    func deleteVM(_ record: ResourceRecord, context: OperationContext) async throws {
        guard let vmid = record.vmid else { return }
        try await context.recordIntent(PendingIntent(operation: .delete, outsideIDs: record.pending?.outsideIDs ?? record.outsideIDs,
                                                     step: "stopping"))
        guard let seen = try await locate(vmid), isSameVM(seen, as: record) else { return }
        let placement = VMPlacement(vmid: vmid, node: seen.node)
        do {
            if seen.status == "running" {
                let timeout = Int(options.shutdownTimeout.components.seconds)
                let upid = try await client.shutdown(node: placement.node, vmid: vmid, timeout: timeout, forceStop: true)
                _ = try await client.waitForTask(upid, progress: Self.reporter(context, "shutdown of VM \(vmid)"))
            }
            try await waitUntilUnlocked(placement, context: context)
            try await context.recordIntent(PendingIntent(operation: .delete, outsideIDs: placement.outsideIDs, step: "deleting"))
            let upid = try await client.delete(node: placement.node, vmid: vmid)
            _ = try await client.waitForTask(upid, progress: Self.reporter(context, "delete of VM \(vmid)"))
        } catch let error as ProxmoxError where error.kind == .notFound {
            return // gone in the meantime: what delete wanted
        }
    }
}
