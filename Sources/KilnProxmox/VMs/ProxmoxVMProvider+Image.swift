import KilnEngine

extension ProxmoxVMProvider {
    /// `POST /nodes/{node}/qemu` with the image imported as `scsi0` and a cloud-init drive,
    /// configured as the plan says from the start. The image's volume comes from
    /// `proxmox_image.<node>`, which this VM depends on.
    func createFromImage(_ spec: ProxmoxVMSpec, at placement: VMPlacement, context: OperationContext) async throws {
        let imageAddress = ProxmoxImageResources.address(node: spec.node)
        guard case .string(let volume)? = context.dependencyOutputs[imageAddress]?["volid"] else {
            throw ProxmoxVMError.malformedAttributes(imageAddress, key: "volid")
        }
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: placement.outsideIDs, step: "creating"))
        var config: ProxmoxParameters = [
            "name": .string(spec.name), "ostype": "l26", "scsihw": "virtio-scsi-single",
            "scsi0": .string("\(spec.storage):0,import-from=\(volume)"), "ide2": .string("\(spec.storage):cloudinit"),
            "boot": "order=scsi0", "serial0": "socket",
        ]
        config["pool"] = spec.pool.map { .string($0) }
        for field in VMConfigEdit(spec: spec, current: .empty).fields.fields where field.name != "name" {
            config[field.name] = .string(field.value)
        }
        let dispatch = try await client.createVM(node: spec.node, vmid: placement.vmid, config: config)
        guard let upid = dispatch.upid else { return } // a retry found it made
        var ids = placement.outsideIDs
        ids["upid"] = upid.rawValue
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ids, step: "creating"))
        _ = try await client.waitForTask(upid, progress: Self.reporter(context, "creation of VM \(placement.vmid) from \(volume)"))
    }
}
