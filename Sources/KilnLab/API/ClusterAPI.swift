/// `GET /cluster/nextid`, `GET /cluster/resources`, `GET /pools`.
enum ClusterAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/cluster/nextid") { request, cluster in
                var check = ParameterCheck(request)
                let wanted = check.vmid("vmid")
                try check.finish()
                if let wanted {
                    // PVE raises a parameter exception: 400 "Parameter verification failed.".
                    guard await !cluster.isUsed(wanted) else { throw PVEError.parameter("vmid", "VM \(wanted) already exists") }
                    return PVEReply(.string(String(wanted)))
                }
                var next = 100
                while await cluster.isUsed(next) { next += 1 }
                // PVE answers a string here, not a number.
                return PVEReply(.string(String(next)))
            },
            PVERoute(.get, "/cluster/resources") { request, cluster in
                var check = ParameterCheck(request)
                let type = check.enumeration("type", ["vm", "storage", "node", "sdn"])
                try check.finish()
                var entries: [JSON] = []
                let config = cluster.config
                let offline = Set(await cluster.faultSettings.offlineNodes)
                if type == nil || type == "node" {
                    entries += config.nodes.map { node in
                        ["id": .string("node/\(node.name)"), "type": "node", "node": .string(node.name),
                         "status": offline.contains(node.name) ? "offline" : "online",
                         "maxcpu": .int(node.cpus), "maxmem": .int(node.memoryGiB << 30), "level": ""]
                    }
                }
                if type == nil || type == "vm" {
                    // The cluster still knows the VMs of a node that is down, but not their state.
                    entries += await cluster.virtualMachines.map { offline.contains($0.node) ? $0.unreachableResourceJSON : $0.resourceJSON }
                }
                if type == nil || type == "storage" {
                    for storage in config.storages {
                        for node in config.nodes where storage.isAvailable(on: node.name) {
                            entries.append(["id": .string("storage/\(node.name)/\(storage.name)"), "type": "storage",
                                            "storage": .string(storage.name), "node": .string(node.name),
                                            "shared": .int(storage.shared ? 1 : 0), "plugintype": .string(storage.type),
                                            "content": .string(storage.content.joined(separator: ",")),
                                            "status": offline.contains(node.name) ? "unknown" : "available",
                                            "maxdisk": .int(storage.sizeGiB << 30), "disk": 0])
                        }
                    }
                }
                if type == nil {
                    entries += config.pools.map { ["id": .string("/pool/\($0)"), "type": "pool", "pool": .string($0)] }
                }
                return PVEReply(.array(entries))
            },
            PVERoute(.get, "/pools") { request, cluster in
                var check = ParameterCheck(request)
                check.accept("type", "poolid")
                try check.finish()
                return PVEReply(.array(cluster.config.pools.map { ["poolid": .string($0)] }))
            },
        ]
    }
}
