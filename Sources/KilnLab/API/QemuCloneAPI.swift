import Foundation

/// `POST /nodes/{node}/qemu/{vmid}/clone`: a task that holds the source's config lock for the
/// whole copy; the new VM exists from the start of the copy with `lock: clone`.
enum QemuCloneAPI {
    static var routes: [PVERoute] {
        [PVERoute(.post, "/nodes/{node}/qemu/{vmid}/clone", startsTask: true) { request, cluster in
            var check = ParameterCheck(request)
            let vmid = check.vmid("vmid", required: true)
            let newid = check.vmid("newid", required: true)
            let name = check.dnsName("name")
            let full = check.boolean("full")
            let storage = check.string("storage")
            let pool = check.string("pool")
            let target = check.string("target")
            check.accept("description", "format", "snapname", "bwlimit")
            try check.finish()
            return try await cluster.clone(
                node: request.pathValue("node"), vmid: vmid!, newid: newid!, name: name, full: full,
                storage: storage, pool: pool, target: target, caller: try request.caller)
        }]
    }
}

extension ProxmoxCluster {
    func clone(node: String, vmid: Int, newid: Int, name: String?, full: Bool?, storage: String?, pool: String?,
               target: String?, caller: Identity) throws -> PVEReply {
        _ = try requireNode(node)
        try caller.privileges.require("VM.Clone", on: "/vms/\(vmid)")
        try caller.privileges.require("VM.Allocate", on: pool.map { "/pool/\($0)" } ?? "/vms/\(newid)")
        let source = try vm(vmid, on: node)
        if let storage { try caller.privileges.require("Datastore.AllocateSpace", on: "/storage/\(storage)") }
        guard !isUsed(newid) else { throw PVEError.server("VM \(newid) already exists") }
        let targetNode = target ?? node
        if let target {
            guard config.nodes.contains(where: { $0.name == target }) else {
                throw PVEError.parameter("target", "no such cluster node '\(target)'")
            }
            let local = source.diskKeys.compactMap { volumeStorage(source.config[$0]) }.filter { self.storage($0)?.shared != true }
            if target != node, !local.isEmpty {
                throw PVEError.server("Can't clone to other node '\(target)' - storage '\(local[0])' is not shared (VM uses local storage)")
            }
        }
        if let storage {
            guard let found = self.storage(storage) else { throw PVEError.server("storage '\(storage)' does not exist") }
            guard found.isAvailable(on: targetNode) else {
                throw PVEError.server("storage '\(storage)' is not available on node '\(targetNode)'")
            }
        }
        if let pool, !config.pools.contains(pool) { throw PVEError.server("pool '\(pool)' does not exist") }
        let isFull = full ?? !source.isTemplate
        if !isFull && !source.isTemplate { throw PVEError.server("parameter 'full' must be set for clones of a VM that is not a template") }
        let duration = scaled(isFull ? config.timings.fullClone : config.timings.linkedClone)
        let upid = startTask(node: node, type: "qmclone", id: String(vmid), user: caller.description, reserving: newid) { cluster, upid in
            try await cluster.runClone(upid: upid, source: vmid, newid: newid, name: name, full: isFull, storage: storage,
                                       pool: pool, node: targetNode, duration: duration)
        }
        return PVEReply(.string(upid.description))
    }

    private func runClone(upid: UPID, source vmid: Int, newid: Int, name: String?, full: Bool, storage: String?,
                          pool: String?, node: String, duration: Duration) async throws {
        try await acquireLock(vmid, for: upid)
        defer { releaseLock(vmid, by: upid) }
        guard let source = world.vms[vmid] else { throw TaskFailure("Configuration file 'nodes/\(node)/qemu-server/\(vmid).conf' does not exist") }
        guard world.vms[newid] == nil else { throw TaskFailure("unable to create VM \(newid): config file already exists") }
        var config = source.config
        config["template"] = nil
        config["name"] = name ?? "Copy-of-VM-\(source.name)"
        config["vmgenid"] = UUID().uuidString.lowercased()
        for key in source.diskKeys {
            guard let volume = source.config[key] else { continue }
            let from = volumeStorage(volume) ?? "local-lvm"
            let size = DiskSize.of(volume: volume) ?? 0
            let to = full ? (storage ?? from) : from
            log(upid, full ? "create full clone of drive \(key) (\(volume.split(separator: ",")[0]))"
                           : "create linked clone of drive \(key) (\(volume.split(separator: ",")[0]))")
            config[key] = "\(to):vm-\(newid)-disk-\(key.filter(\.isNumber)),size=\(DiskSize.format(size))"
        }
        if let cloudinit = config["ide2"], cloudinit.contains("cloudinit") {
            config["ide2"] = "\(storage ?? volumeStorage(cloudinit) ?? "local-lvm"):vm-\(newid)-cloudinit,media=cdrom"
        }
        for key in config.keys where key.hasPrefix("net") {
            config[key] = config[key]!.split(separator: ",").map { part in
                part.contains("=") && part.split(separator: "=")[1].contains(":") ? "\(part.split(separator: "=")[0])=\(MACAddress.random())" : String(part)
            }.joined(separator: ",")
        }
        // Like PVE: while the disks copy, the new VM is a placeholder without its name; the real
        // config is written when the copy ends.
        var placeholder = config
        placeholder["name"] = nil
        placeholder["description"] = "qmclone temporary file"
        insert(VirtualMachine(vmid: newid, node: node, pool: pool, lock: "clone", config: placeholder))
        let steps = 4
        for step in 1...steps {
            try await Task.sleep(for: duration / steps)
            log(upid, "transferred \(step * 25)% of the disks")
        }
        update(newid) { vm in
            vm.config = config
            vm.lock = nil
        }
    }

    /// `local-lvm` in `local-lvm:vm-100-disk-0,size=10G`.
    func volumeStorage(_ volume: String?) -> String? {
        guard let volume, let colon = volume.firstIndex(of: ":") else { return nil }
        return String(volume[..<colon])
    }
}
