/// Cilium identity and LoadBalancer addresses.
enum CiliumRules {
    static func check(_ context: ValidationContext) {
        checkClusterID(context)
        checkPool(context)
        checkMeshEndpoint(context)
    }

    /// 1–255, or up to 511 with `maxConnectedClusters: 511` (Cilium's ClusterMesh limits).
    static func checkClusterID(_ context: ValidationContext) {
        let cilium = context.plan.cilium
        guard context.usable("cilium.clusterID", "cilium.maxConnectedClusters") else { return }
        let id = cilium.clusterID
        if id == 0 {
            context.error("cilium.clusterID", "Cilium cluster ID 0 means \"not in a mesh\" and cannot be used",
                          fix: "choose an ID from 1 to \(cilium.maxConnectedClusters), unique in the mesh")
        } else if id > cilium.maxConnectedClusters && id <= 511 {
            context.error("cilium.clusterID", "Cilium cluster ID \(id) needs `maxConnectedClusters: 511` (with 255, IDs go up to 255)",
                          fix: "use an ID from 1 to 255, or set `cilium.maxConnectedClusters: 511` on every member of the mesh")
        } else if id < 0 || id > 511 {
            context.error("cilium.clusterID", "Cilium cluster ID \(id) is outside 1–\(cilium.maxConnectedClusters)",
                          fix: "choose an ID from 1 to \(cilium.maxConnectedClusters), unique in the mesh")
        }
    }

    /// Pool entries inside the node subnet (L2 announcements answer ARP there), apart from each
    /// other, and clear of the addresses the nodes, VIP and gateway already use.
    static func checkPool(_ context: ValidationContext) {
        let plan = context.plan
        guard context.usable("cilium.loadBalancerPool") else { return }
        let subnetOK = context.usable("network.subnet")
        var taken: [(IPv4Address, String)] = []
        if context.usable("network.gateway") { taken.append((plan.network.gateway, "the gateway")) }
        if context.usable("network.vip") { taken.append((plan.network.vip, "the VIP")) }
        for index in context.nodeIndexes(with: "ip") { taken.append((plan.nodes[index].ip, "node `\(plan.nodes[index].name)`")) }

        for (index, block) in plan.cilium.loadBalancerPool.enumerated() {
            let path = "cilium.loadBalancerPool[\(index)]"
            if subnetOK, !block.range.isInside(plan.network.subnet) {
                context.error(path, "LoadBalancer pool entry \(block) is not inside the node subnet \(plan.network.subnet)",
                              fix: "use free addresses inside \(plan.network.subnet) so L2 announcements can answer for them")
                continue
            }
            for (address, owner) in taken where block.contains(address) {
                context.error(path, "LoadBalancer pool entry \(block) contains \(address), which is \(owner)",
                              fix: "shrink the pool so it skips \(address), or move \(owner)")
            }
            for earlier in 0..<index where plan.cilium.loadBalancerPool[earlier].range.overlaps(block.range) {
                context.error(path, "LoadBalancer pool entry \(block) overlaps entry \(plan.cilium.loadBalancerPool[earlier])",
                              fix: "merge the two entries or make them disjoint")
            }
        }
    }

    /// The clustermesh-apiserver gets its address from the pool, so the endpoint must be in it.
    static func checkMeshEndpoint(_ context: ValidationContext) {
        guard let mesh = context.plan.cilium.clusterMesh, context.usable("cilium.clusterMesh", "cilium.loadBalancerPool") else { return }
        let pool = context.plan.cilium.loadBalancerPool
        if !pool.contains(where: { $0.contains(mesh.endpoint) }) {
            let fix = pool.isEmpty
                ? "add a `cilium.loadBalancerPool` that includes \(mesh.endpoint), e.g. `[\(mesh.endpoint)-\(mesh.endpoint)]`"
                : "use an address from the pool (\(pool.map(\.description).joined(separator: ", "))), or add \(mesh.endpoint) to it"
            context.error("cilium.clusterMesh.endpoint", "ClusterMesh endpoint \(mesh.endpoint) is not in `cilium.loadBalancerPool`", fix: fix)
        }
    }
}
