import Foundation

/// `GET /nodes` and `GET /nodes/{node}/qemu`.
enum NodesAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/nodes") { request, cluster in
                var check = ParameterCheck(request)
                try check.finish()
                let offline = Set(await cluster.faultSettings.offlineNodes)
                return PVEReply(.array(cluster.config.nodes.map { node in
                    // A node that is down shows no load or uptime.
                    offline.contains(node.name)
                        ? ["node": .string(node.name), "id": .string("node/\(node.name)"), "type": "node", "status": "offline", "level": ""]
                        : ["node": .string(node.name), "id": .string("node/\(node.name)"), "type": "node", "status": "online",
                           "level": "", "maxcpu": .int(node.cpus), "maxmem": .int(node.memoryGiB << 30),
                           "cpu": .double(0.02), "mem": .int(node.memoryGiB << 28), "uptime": 86_400]
                }))
            },
            PVERoute(.get, "/nodes/{node}/qemu") { request, cluster in
                var check = ParameterCheck(request)
                check.accept("full")
                try check.finish()
                let node = request.pathValue("node")
                _ = try await cluster.requireNode(node)
                let vms = await cluster.virtualMachines.filter { $0.node == node }
                return PVEReply(.array(vms.map { vm in
                    var entry = vm.resourceJSON.object ?? [:]
                    for key in ["id", "type", "node", "pool"] { entry[key] = nil }
                    return .object(entry)
                }))
            },
        ]
    }
}

extension VirtualMachine {
    /// The VM as `/cluster/resources` lists it.
    var resourceJSON: JSON {
        var entry: [String: JSON] = [
            "id": .string("qemu/\(vmid)"), "type": "qemu", "vmid": .int(vmid), "name": .string(name),
            "node": .string(node), "status": .string(status), "template": .int(isTemplate ? 1 : 0),
            "maxmem": .int(memoryMiB << 20), "maxdisk": .int(diskBytes), "maxcpu": .int(cores * sockets),
            "mem": .int(isRunning ? memoryMiB << 18 : 0), "disk": 0, "cpu": .double(isRunning ? 0.01 : 0),
            "uptime": .int(isRunning ? Int(Date().timeIntervalSince(startedAt ?? Date())) : 0),
            "netin": 0, "netout": 0, "diskread": 0, "diskwrite": 0,
        ]
        if let tags = config["tags"] { entry["tags"] = .string(tags) }
        if let pool { entry["pool"] = .string(pool) }
        if let lock { entry["lock"] = .string(lock) }
        return .object(entry)
    }

    /// The VM of a node that is down: PVE still lists it, status `unknown`, without live figures.
    var unreachableResourceJSON: JSON {
        var entry: [String: JSON] = [
            "id": .string("qemu/\(vmid)"), "type": "qemu", "vmid": .int(vmid), "name": .string(name),
            "node": .string(node), "status": "unknown", "template": .int(isTemplate ? 1 : 0),
        ]
        if let tags = config["tags"] { entry["tags"] = .string(tags) }
        if let pool { entry["pool"] = .string(pool) }
        return .object(entry)
    }
}
