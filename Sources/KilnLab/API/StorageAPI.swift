/// `GET /nodes/{node}/storage` and `GET /nodes/{node}/storage/{storage}/content`: the storages a
/// node sees and the VM disks on them.
enum StorageAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/nodes/{node}/storage") { request, cluster in
                var check = ParameterCheck(request)
                check.accept("content", "enabled", "format", "storage", "target")
                try check.finish()
                let node = request.pathValue("node")
                _ = try await cluster.requireNode(node)
                return PVEReply(.array(cluster.config.storages.filter { $0.isAvailable(on: node) }.map { storage in
                    ["storage": .string(storage.name), "type": .string(storage.type), "shared": .int(storage.shared ? 1 : 0),
                     "content": .string(storage.content.joined(separator: ",")), "active": 1, "enabled": 1,
                     "total": .int(storage.sizeGiB << 30), "used": 0, "avail": .int(storage.sizeGiB << 30)]
                }))
            },
            PVERoute(.get, "/nodes/{node}/storage/{storage}/content") { request, cluster in
                var check = ParameterCheck(request)
                let content = check.enumeration("content", ["images", "rootdir", "iso", "vztmpl", "backup", "snippets", "import"])
                let vmid = check.vmid("vmid")
                try check.finish()
                return try await cluster.storageContent(node: request.pathValue("node"), storage: request.pathValue("storage"),
                                                        content: content, vmid: vmid, caller: try request.caller)
            },
        ]
    }
}

extension ProxmoxCluster {
    func storageContent(node: String, storage name: String, content: String?, vmid wanted: Int?, caller: Identity) throws -> PVEReply {
        _ = try requireNode(node)
        guard let storage = storage(name), storage.isAvailable(on: node) else {
            throw PVEError.server("storage '\(name)' does not exist")
        }
        try caller.privileges.require("Datastore.Audit", on: "/storage/\(name)")
        var volumes: [JSON] = []
        if content == nil || content == "images" {
            for vm in virtualMachines where wanted == nil || vm.vmid == wanted {
                // Local storage holds only the disks of VMs on this node.
                guard storage.shared || vm.node == node else { continue }
                for key in vm.diskKeys {
                    let volume = vm.config[key] ?? ""
                    guard volumeStorage(volume) == name, let volid = volume.split(separator: ",").first else { continue }
                    volumes.append(["volid": .string(String(volid)), "vmid": .int(vm.vmid), "content": "images",
                                    "format": "raw", "size": .int(DiskSize.of(volume: volume) ?? 0)])
                }
            }
        }
        if wanted == nil {
            for stored in storedVolumes where stored.storage == name && stored.isVisible(on: node)
                && (content == nil || content == stored.content) {
                volumes.append(stored.json)
            }
        }
        return PVEReply(.array(volumes))
    }
}
