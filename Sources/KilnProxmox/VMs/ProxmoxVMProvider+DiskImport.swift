import KilnEngine
import KilnSSH

/// A VM from an image on a PVE older than 8.4, which cannot import a disk through the API:
/// create the VM without a boot disk, run `qm disk import` on the node over SSH (the disk
/// arrives as `unusedN`), then attach that volume as `scsi0`. Each step is recorded, and
/// resuming looks at the config first, so a finished import is never run again.
extension ProxmoxVMProvider {
    func createThenImport(_ spec: ProxmoxVMSpec, at placement: VMPlacement, imagePath: String,
                          context: OperationContext) async throws {
        _ = try ssh.checked()
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: placement.outsideIDs, step: "creating"))
        // No `boot` yet: PVE refuses a boot order naming a disk the VM does not have.
        try await createVM(Self.createParameters(spec), at: placement,
                           what: "creation of VM \(placement.vmid) (its disk is imported next)", context: context)
        try await importAndAttach(spec, at: placement, imagePath: imagePath, operation: .create, context: context)
    }

    /// Imports `imagePath` and makes it `scsi0`, skipping what the config shows done: a VM with
    /// `scsi0` is left alone, an imported `unusedN` disk is attached without importing again.
    func importAndAttach(_ spec: ProxmoxVMSpec, at placement: VMPlacement, imagePath: String,
                         operation: PendingIntent.Operation, context: OperationContext) async throws {
        try await waitUntilUnlocked(placement, context: context)
        var config = try await client.vmConfig(node: placement.node, vmid: placement.vmid)
        if config["scsi0"] != nil { return }
        if Self.importedVolume(config, vmid: placement.vmid, storage: spec.storage) == nil {
            var ids = placement.outsideIDs
            ids["image"] = imagePath
            try await context.recordIntent(PendingIntent(operation: operation, outsideIDs: ids, step: "importing"))
            let command = Self.diskImportCommand(vmid: placement.vmid, source: imagePath, storage: spec.storage)
            context.report(waitingFor: "`\(command)` on node \(placement.node)")
            _ = try await ssh.withSession(to: placement.node) { session in
                try await session.exec(command, timeout: options.diskImportTimeout).checked()
            }
            config = try await client.vmConfig(node: placement.node, vmid: placement.vmid)
        }
        guard let volume = Self.importedVolume(config, vmid: placement.vmid, storage: spec.storage) else {
            throw ProxmoxVMError.importedDiskMissing(vmid: placement.vmid, storage: spec.storage)
        }
        try await context.recordIntent(PendingIntent(operation: operation, outsideIDs: placement.outsideIDs, step: "attaching"))
        // PVE moves the volume from `unusedN` to `scsi0`; the boot order can name it now.
        try await client.updateConfig(node: placement.node, vmid: placement.vmid,
                                      fields: ["scsi0": .string(volume), "boot": "order=scsi0"], digest: config.digest)
    }

    /// `qm disk import VMID SOURCE STORAGE` (PVE 7.2+; `qm importdisk` before): the format is
    /// the target storage's default (raw on LVM, qcow2 on directories), as PVE chooses.
    static func diskImportCommand(vmid: Int, source: String, storage: String) -> String {
        "qm disk import \(vmid) \(ShellQuote.quote(source)) \(ShellQuote.quote(storage))"
    }

    /// The lowest `unusedN` that is one of this VM's disks on `storage`
    /// (`local-lvm:vm-101-disk-0`, `local:101/vm-101-disk-0.qcow2`).
    static func importedVolume(_ config: ProxmoxVMConfig, vmid: Int, storage: String) -> String? {
        let unused = config.options.keys.filter { $0.hasPrefix("unused") && Int($0.dropFirst(6)) != nil }
            .sorted { Int($0.dropFirst(6))! < Int($1.dropFirst(6))! }
        for key in unused {
            guard let value = config[key], let volume = value.split(separator: ",").first.map(String.init),
                  volume.hasPrefix(storage + ":"), volume.contains("vm-\(vmid)-disk-") else { continue }
            return volume
        }
        return nil
    }
}
