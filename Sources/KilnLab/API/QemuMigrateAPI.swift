/// `POST /nodes/{node}/qemu/{vmid}/migrate`: moves a VM to another node as a task. Like PVE,
/// only when every disk is on storage the target also has (shared), unless `with-local-disks`.
enum QemuMigrateAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.post, "/nodes/{node}/qemu/{vmid}/migrate") { request, cluster in
                var check = ParameterCheck(request)
                let vmid = check.vmid("vmid", required: true)
                let target = check.string("target", required: true)
                let online = check.boolean("online") ?? false
                let withLocalDisks = check.boolean("with-local-disks") ?? false
                check.accept("bwlimit", "force", "migration_network", "migration_type", "targetstorage", "with-conntrack-state")
                try check.finish()
                return try await cluster.migrate(node: request.pathValue("node"), vmid: vmid!, target: target!, online: online,
                                                 withLocalDisks: withLocalDisks, caller: try request.caller)
            },
        ]
    }
}

extension ProxmoxCluster {
    func migrate(node: String, vmid: Int, target: String, online: Bool, withLocalDisks: Bool, caller: Identity) throws -> PVEReply {
        try caller.privileges.require("VM.Migrate", on: "/vms/\(vmid)")
        let vm = try vm(vmid, on: node)
        _ = try requireNode(target)
        if target == node { throw PVEError.server("target is local node.") }
        if vm.isRunning && !online { throw PVEError.server("can't migrate running VM without --online") }
        for key in vm.diskKeys {
            let storageName = (vm.config[key] ?? "").split(separator: ":").first.map(String.init) ?? ""
            if let storage = storage(storageName), !storage.shared, !withLocalDisks {
                throw PVEError.server("can't migrate local disk '\(vm.config[key] ?? key)': storage '\(storageName)' is not shared")
            }
        }
        let duration = scaled(config.timings.start)
        let upid = startTask(node: node, type: "qmigrate", id: String(vmid), user: caller.description) { cluster, upid in
            try await cluster.runMigration(upid: upid, vmid: vmid, target: target, duration: duration)
        }
        return PVEReply(.string(upid.description))
    }

    private func runMigration(upid: UPID, vmid: Int, target: String, duration: Duration) async throws {
        try await acquireLock(vmid, for: upid)
        defer { releaseLock(vmid, by: upid) }
        log(upid, "starting migration of VM \(vmid) to node '\(target)'")
        try await Task.sleep(for: duration)
        update(vmid) { $0.node = target }
        log(upid, "migration finished successfully")
    }
}
