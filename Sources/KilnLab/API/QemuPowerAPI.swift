import Foundation

/// `GET …/status/current`, `POST …/status/start|stop|shutdown`, `DELETE /nodes/{node}/qemu/{vmid}`.
enum QemuPowerAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/nodes/{node}/qemu/{vmid}/status/current") { request, cluster in
                var check = ParameterCheck(request)
                let vmid = check.vmid("vmid", required: true)
                try check.finish()
                return try await cluster.currentStatus(node: request.pathValue("node"), vmid: vmid!, caller: try request.caller)
            },
            power("start"), power("stop"), power("shutdown"),
            PVERoute(.delete, "/nodes/{node}/qemu/{vmid}", startsTask: true) { request, cluster in
                var check = ParameterCheck(request)
                let vmid = check.vmid("vmid", required: true)
                let purge = check.boolean("purge") ?? false
                _ = check.boolean("destroy-unreferenced-disks")
                check.accept("skiplock")
                try check.finish()
                return try await cluster.destroy(node: request.pathValue("node"), vmid: vmid!, purge: purge, caller: try request.caller)
            },
        ]
    }

    static func power(_ action: String) -> PVERoute {
        PVERoute(.post, "/nodes/{node}/qemu/{vmid}/status/\(action)", startsTask: true) { request, cluster in
            var check = ParameterCheck(request)
            let vmid = check.vmid("vmid", required: true)
            check.accept("skiplock", "timeout", "forceStop", "keepActive", "migratedfrom", "machine", "stateuri",
                         "targetstorage", "force-cpu", "migration_network", "migration_type", "overrule-shutdown")
            try check.finish()
            return try await cluster.power(action, node: request.pathValue("node"), vmid: vmid!, caller: try request.caller)
        }
    }
}

extension ProxmoxCluster {
    func currentStatus(node: String, vmid: Int, caller: Identity) throws -> PVEReply {
        try caller.privileges.require("VM.Audit", on: "/vms/\(vmid)")
        let vm = try vm(vmid, on: node)
        var object = vm.resourceJSON.object ?? [:]
        for key in ["id", "type", "node", "pool"] { object[key] = nil }
        object["qmpstatus"] = .string(vm.status)
        object["cpus"] = .int(vm.cores * vm.sockets)
        if vm.agentEnabled { object["agent"] = 1 }
        if vm.isRunning { object["pid"] = .int(100_000 + vmid) }
        object["ha"] = ["managed": 0]
        return PVEReply(.object(object))
    }

    func power(_ action: String, node: String, vmid: Int, caller: Identity) throws -> PVEReply {
        try caller.privileges.require("VM.PowerMgmt", on: "/vms/\(vmid)")
        let vm = try vm(vmid, on: node)
        if action == "start" && vm.isTemplate { throw PVEError.server("you can't start a vm if it's a template") }
        let timings = config.timings
        let seconds = switch action {
        case "start": timings.start
        case "shutdown": timings.shutdown
        default: timings.stop
        }
        let duration = scaled(seconds)
        let upid = startTask(node: node, type: "qm\(action)", id: String(vmid), user: caller.description) { cluster, upid in
            try await cluster.runPower(action, upid: upid, vmid: vmid, duration: duration)
        }
        return PVEReply(.string(upid.description))
    }

    private func runPower(_ action: String, upid: UPID, vmid: Int, duration: Duration) async throws {
        try await acquireLock(vmid, for: upid)
        defer { releaseLock(vmid, by: upid) }
        guard let vm = world.vms[vmid] else { throw TaskFailure("VM \(vmid) does not exist") }
        if let lock = vm.lock { throw TaskFailure("VM is locked (\(lock))") }
        let wantRunning = action == "start"
        guard vm.isRunning != wantRunning else {
            // PVE ends these tasks OK: starting a running VM, stopping a stopped one.
            log(upid, wantRunning ? "VM \(vmid) already running" : "VM \(vmid) not running")
            return
        }
        try await Task.sleep(for: duration)
        if wantRunning { log(upid, "generating cloud-init ISO") }
        update(vmid) { vm in
            vm.status = wantRunning ? "running" : "stopped"
            vm.startedAt = wantRunning ? Date() : nil
        }
    }

    func destroy(node: String, vmid: Int, purge: Bool, caller: Identity) throws -> PVEReply {
        try caller.privileges.require("VM.Allocate", on: "/vms/\(vmid)")
        let vm = try vm(vmid, on: node)
        if let lock = vm.lock { throw PVEError.server("VM is locked (\(lock))") }
        if vm.isRunning { throw PVEError.server("VM \(vmid) is running - destroy failed") }
        let duration = scaled(config.timings.destroy)
        let upid = startTask(node: node, type: "qmdestroy", id: String(vmid), user: caller.description) { cluster, upid in
            try await cluster.runDestroy(upid: upid, vmid: vmid, duration: duration)
        }
        return PVEReply(.string(upid.description))
    }

    private func runDestroy(upid: UPID, vmid: Int, duration: Duration) async throws {
        try await acquireLock(vmid, for: upid)
        defer { releaseLock(vmid, by: upid) }
        guard let vm = world.vms[vmid] else { throw TaskFailure("Configuration file 'nodes/\(upid.node)/qemu-server/\(vmid).conf' does not exist") }
        if vm.isRunning { throw TaskFailure("VM \(vmid) is running - destroy failed") }
        try await Task.sleep(for: duration)
        for key in vm.diskKeys {
            log(upid, "  Logical volume \"\((vm.config[key] ?? "").split(separator: ",")[0])\" successfully removed.")
        }
        remove(vmid)
    }
}
