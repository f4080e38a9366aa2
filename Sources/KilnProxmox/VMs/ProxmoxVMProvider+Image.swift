import KilnEngine

extension ProxmoxVMProvider {
    /// `POST /nodes/{node}/qemu` with the image imported as `scsi0` and a cloud-init drive,
    /// configured as the plan says from the start. The image comes from `proxmox_image.<node>`,
    /// which this VM depends on: a storage volume (`volid`, PVE 8.4+) imported by the create
    /// itself, or a file uploaded to the node (`path`, older PVE) that `qm disk import` reads.
    func createFromImage(_ spec: ProxmoxVMSpec, at placement: VMPlacement, context: OperationContext) async throws {
        let imageAddress = ProxmoxImageResources.address(node: spec.node)
        if let path = Self.uploadedImagePath(spec, context) {
            return try await createThenImport(spec, at: placement, imagePath: path, context: context)
        }
        guard case .string(let volume)? = context.dependencyOutputs[imageAddress]?["volid"] else {
            throw ProxmoxVMError.malformedAttributes(imageAddress, key: "volid")
        }
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: placement.outsideIDs, step: "creating"))
        var config = Self.createParameters(spec)
        config["scsi0"] = .string("\(spec.storage):0,import-from=\(volume)")
        config["boot"] = "order=scsi0"
        try await createVM(config, at: placement, what: "creation of VM \(placement.vmid) from \(volume)", context: context)
    }

    /// What every VM made from an image is created with: cloud-init drive, serial console, and
    /// the plan's settings. The boot disk is the caller's business.
    static func createParameters(_ spec: ProxmoxVMSpec) -> ProxmoxParameters {
        var config: ProxmoxParameters = [
            "name": .string(spec.name), "ostype": "l26", "scsihw": "virtio-scsi-single",
            "ide2": .string("\(spec.storage):cloudinit"), "serial0": "socket",
        ]
        config["pool"] = spec.pool.map { .string($0) }
        for field in VMConfigEdit(spec: spec, current: .empty).fields.fields where field.name != "name" {
            config[field.name] = .string(field.value)
        }
        return config
    }

    /// Dispatches the create, records its UPID and waits for it.
    func createVM(_ config: ProxmoxParameters, at placement: VMPlacement, what: String, context: OperationContext) async throws {
        let dispatch = try await client.createVM(node: placement.node, vmid: placement.vmid, config: config)
        guard let upid = dispatch.upid else {
            guard case .string(let name)? = config["name"] else { return }
            return try await confirmMadeByEarlierAttempt(name: name, at: placement, context: context)
        }
        var ids = placement.outsideIDs
        ids["upid"] = upid.rawValue
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ids, step: "creating"))
        _ = try await client.waitForTask(upid, progress: Self.reporter(context, what))
    }

    /// The file `proxmox_image.<node>` uploaded, when the VM is made from an image that way.
    static func uploadedImagePath(_ spec: ProxmoxVMSpec, _ context: OperationContext) -> String? {
        guard case .image = spec.source,
              case .string(let path)? = context.dependencyOutputs[ProxmoxImageResources.address(node: spec.node)]?["path"] else { return nil }
        return path
    }
}
