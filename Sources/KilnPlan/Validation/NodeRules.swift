/// The node list: names, roles, VMIDs and VM sizes.
enum NodeRules {
    static let coresRange = 1...128
    static let socketsRange = 1...4
    static let minimumControlPlaneMemory = ByteSize.gib(2)
    static let minimumWorkerMemory = ByteSize.gib(1)
    static let minimumDisk = ByteSize.gb(10)

    static func check(_ context: ValidationContext) {
        checkNames(context)
        checkControlPlanes(context)
        checkVMIDs(context)
        checkSizes(context)
    }

    static func checkNames(_ context: ValidationContext) {
        var seen: [String: Int] = [:]
        for index in context.nodeIndexes(with: "name") {
            let name = context.plan.nodes[index].name
            let path = "nodes[\(index)].name"
            if !NameRules.isDNSLabel(name) {
                context.error(path, "node name `\(name)` is not a DNS label (it becomes the hostname)",
                              fix: "use lowercase letters, digits and `-`, e.g. `\(ClusterRules.suggestedName(name))`")
            }
            if let first = seen[name] {
                context.error(path, "node name `\(name)` is already used (line \(context.location("nodes[\(first)].name").line))",
                              fix: "give each node its own name, e.g. `\(name)-2`")
            } else {
                seen[name] = index
            }
        }
    }

    /// At least one control plane; an even count gets no extra fault tolerance from etcd.
    static func checkControlPlanes(_ context: ValidationContext) {
        guard context.usable("nodes") else { return }
        let roles = context.plan.nodes.indices.filter { context.usable("nodes[\($0)].role") && context.usable("nodes[\($0)]") }
        // Only judge the count when every role is known, else a typo would add a second error.
        guard roles.count == context.plan.nodes.count, !context.plan.nodes.isEmpty else { return }
        let count = context.plan.controlPlanes.count
        if count == 0 {
            context.error("nodes", "the plan has no control plane node", fix: "set `role: controlplane` on at least one node (1 or 3 is usual)")
        } else if count % 2 == 0 {
            context.warning("nodes", "\(count) control planes: etcd needs a majority, so \(count) tolerate no more failures than \(count - 1)",
                            fix: "use an odd number of control planes (1, 3 or 5)")
        }
    }

    static func checkVMIDs(_ context: ValidationContext) {
        var seen: [Int: Int] = [:]
        var template: Int?
        if case .template(let vmid) = context.plan.proxmox.source, context.usable("proxmox.source") { template = vmid }
        for index in context.nodeIndexes(with: "vmid") {
            guard let vmid = context.plan.nodes[index].vmid else { continue }
            let path = "nodes[\(index)].vmid"
            if !ProxmoxRules.vmidRange.contains(vmid) {
                context.error(path, "VMID \(vmid) is outside Proxmox's range 100–999999999", fix: "use a VMID of at least 100, or remove `vmid` to have one allocated")
                continue
            }
            if vmid == template {
                context.error(path, "VMID \(vmid) is the template's VMID", fix: "use a free VMID, or remove `vmid` to have one allocated")
            }
            if let first = seen[vmid] {
                context.error(path, "VMID \(vmid) is already used by node `\(context.plan.nodes[first].name)` (line \(context.location("nodes[\(first)].vmid").line))",
                              fix: "give each node its own VMID, or remove `vmid` to have one allocated")
            } else {
                seen[vmid] = index
            }
        }
    }

    static func checkSizes(_ context: ValidationContext) {
        // A size inherited from `defaults` is reported once, at the default, not once per node.
        var reportedDefaults: Set<String> = []
        func report(_ index: Int, _ field: String, _ message: String, fix: String) {
            let path = "nodes[\(index)].\(field)"
            let inherited = context.sourceMap.keys[path] == nil
            let node = context.plan.nodes[index]
            if inherited {
                let defaultPath = "defaults.\(node.role.rawValue).\(field)"
                guard reportedDefaults.insert(defaultPath).inserted else { return }
                context.error(path, "`\(defaultPath)`: \(message)", fix: fix)
            } else {
                context.error(path, "node `\(node.name)`: \(message)", fix: fix)
            }
        }
        for (index, node) in context.plan.nodes.enumerated() where context.usable("nodes[\(index)]") {
            let base = "nodes[\(index)]"
            let resources = node.resources
            if context.usable("\(base).cores"), !coresRange.contains(resources.cores) {
                report(index, "cores", "\(resources.cores) cores is outside 1–128", fix: "use 2–8 cores for a typical node")
            }
            if context.usable("\(base).sockets"), !socketsRange.contains(resources.sockets) {
                report(index, "sockets", "\(resources.sockets) sockets is outside 1–4", fix: "use `sockets: 1` and set `cores`")
            }
            let minimumMemory = node.role == .controlPlane ? minimumControlPlaneMemory : minimumWorkerMemory
            if context.usable("\(base).memory", "\(base).role"), resources.memory < minimumMemory {
                let role = node.role == .controlPlane ? "a control plane" : "a worker"
                report(index, "memory", "\(resources.memory) of memory is too little; \(role) needs at least \(minimumMemory)",
                       fix: "use `memory: \(minimumMemory)` or more")
            }
            if context.usable("\(base).disk"), resources.disk < minimumDisk {
                report(index, "disk", "a \(resources.disk) disk is too small; Talos needs at least \(minimumDisk)",
                       fix: "use `disk: \(minimumDisk)` or more")
            }
        }
    }
}
