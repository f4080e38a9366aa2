/// Checks across plans validated together.
///
/// Plans that name the same `cilium.clusterMesh.name` form one ClusterMesh: their cluster names,
/// Cilium IDs and ClusterMesh endpoints must be unique, their pod CIDRs disjoint, and their
/// `maxConnectedClusters` equal. Independently of meshes, plans validated together must not
/// hand out the same VIP, node IP or LoadBalancer address, or the same pinned VMID on one
/// Proxmox endpoint. Each problem is reported in the later plan, naming the earlier one.
enum MeshRules {
    struct Member {
        let context: ValidationContext
        var plan: Plan { context.plan }
        func at(_ path: String) -> String { context.location(path).shortDescription }
    }

    static func check(_ members: [ValidationContext]) {
        let members = members.map(Member.init)
        for (laterIndex, later) in members.enumerated() {
            for earlier in members[..<laterIndex] {
                if let mesh = later.plan.cilium.clusterMesh, later.context.usable("cilium.clusterMesh"),
                   let other = earlier.plan.cilium.clusterMesh, earlier.context.usable("cilium.clusterMesh"), mesh.name == other.name {
                    checkMesh(later, earlier, mesh: mesh.name)
                }
                checkSharedAddresses(later, earlier)
            }
        }
    }

    static func checkMesh(_ later: Member, _ earlier: Member, mesh: String) {
        let (a, b) = (later.plan, earlier.plan)
        if later.context.usable("name"), earlier.context.usable("name"), a.name == b.name {
            later.context.error("name", "cluster name `\(a.name)` is already used in mesh `\(mesh)` by \(earlier.at("name"))",
                                fix: "give each cluster of a mesh its own name")
        }
        if later.context.usable("cilium.clusterID"), earlier.context.usable("cilium.clusterID"), a.cilium.clusterID == b.cilium.clusterID {
            later.context.error("cilium.clusterID", "Cilium cluster ID \(a.cilium.clusterID) is already used in mesh `\(mesh)` by `\(b.name)` (\(earlier.at("cilium.clusterID")))",
                                fix: "give each cluster of a mesh its own ID")
        }
        if later.context.usable("network.podCIDR"), earlier.context.usable("network.podCIDR"), a.network.podCIDR.overlaps(b.network.podCIDR) {
            let where_ = later.context.sourceMap.location(of: "network.podCIDR") != nil ? "network.podCIDR" : "cilium.clusterMesh.name"
            let explicit = earlier.context.sourceMap.location(of: "network.podCIDR") != nil
            let defaulted = where_ == "network.podCIDR" ? "" : " (the default)"
            later.context.error(where_, "pod CIDR \(a.network.podCIDR)\(defaulted) overlaps `\(b.name)`'s pod CIDR \(b.network.podCIDR) in mesh `\(mesh)` (\(explicit ? earlier.at("network.podCIDR") : "\(b.file), the default"))",
                                fix: "give each cluster of a mesh its own `network.podCIDR`, e.g. 10.\(245 + (a.cilium.clusterID % 10)).0.0/16")
        }
        if later.context.usable("cilium.clusterMesh"), a.cilium.clusterMesh?.endpoint == b.cilium.clusterMesh?.endpoint, let endpoint = a.cilium.clusterMesh?.endpoint {
            later.context.error("cilium.clusterMesh.endpoint", "ClusterMesh endpoint \(endpoint) is already used in mesh `\(mesh)` by `\(b.name)` (\(earlier.at("cilium.clusterMesh.endpoint")))",
                                fix: "give each cluster's clustermesh-apiserver its own LoadBalancer IP")
        }
        if later.context.usable("cilium.maxConnectedClusters"), earlier.context.usable("cilium.maxConnectedClusters"),
           a.cilium.maxConnectedClusters != b.cilium.maxConnectedClusters {
            later.context.error("cilium.maxConnectedClusters",
                                "`maxConnectedClusters` is \(a.cilium.maxConnectedClusters) here but \(b.cilium.maxConnectedClusters) in `\(b.name)` (\(earlier.at("cilium.maxConnectedClusters"))); every member of mesh `\(mesh)` must use the same value",
                                fix: "set `cilium.maxConnectedClusters: \(b.cilium.maxConnectedClusters)` in both plans")
        }
    }

    /// Addresses and VMIDs two clusters would fight over.
    static func checkSharedAddresses(_ later: Member, _ earlier: Member) {
        var claimed: [(IPv4Address, String, String)] = []   // address, what, earlier location
        let b = earlier.plan
        if earlier.context.usable("network.vip") { claimed.append((b.network.vip, "the VIP of `\(b.name)`", earlier.at("network.vip"))) }
        for index in earlier.context.nodeIndexes(with: "ip") {
            claimed.append((b.nodes[index].ip, "the IP of node `\(b.nodes[index].name)` in `\(b.name)`", earlier.at("nodes[\(index)].ip")))
        }
        let a = later.plan
        if later.context.usable("network.vip"), let hit = claimed.first(where: { $0.0 == a.network.vip }) {
            later.context.error("network.vip", "VIP \(a.network.vip) is also \(hit.1) (\(hit.2))", fix: "give each cluster its own VIP")
        }
        for index in later.context.nodeIndexes(with: "ip") {
            if let hit = claimed.first(where: { $0.0 == a.nodes[index].ip }) {
                later.context.error("nodes[\(index)].ip", "node `\(a.nodes[index].name)` IP \(a.nodes[index].ip) is also \(hit.1) (\(hit.2))",
                                    fix: "give the node an address no other cluster uses")
            }
        }
        if later.context.usable("cilium.loadBalancerPool"), earlier.context.usable("cilium.loadBalancerPool") {
            for (index, block) in a.cilium.loadBalancerPool.enumerated() {
                for (otherIndex, other) in b.cilium.loadBalancerPool.enumerated() where block.range.overlaps(other.range) {
                    later.context.error("cilium.loadBalancerPool[\(index)]", "LoadBalancer pool entry \(block) overlaps `\(b.name)`'s pool entry \(other) (\(earlier.at("cilium.loadBalancerPool[\(otherIndex)]")))",
                                        fix: "give each cluster its own LoadBalancer addresses")
                }
            }
        }
        guard later.context.usable("proxmox.endpoint"), earlier.context.usable("proxmox.endpoint"),
              a.proxmox.endpoint == b.proxmox.endpoint else { return }
        var vmids: [Int: (String, String)] = [:]
        for index in earlier.context.nodeIndexes(with: "vmid") {
            if let vmid = b.nodes[index].vmid { vmids[vmid] = (b.nodes[index].name, earlier.at("nodes[\(index)].vmid")) }
        }
        for index in later.context.nodeIndexes(with: "vmid") {
            if let vmid = a.nodes[index].vmid, let hit = vmids[vmid] {
                later.context.error("nodes[\(index)].vmid", "VMID \(vmid) is already used by node `\(hit.0)` of `\(b.name)` on the same Proxmox (\(hit.1))",
                                    fix: "give each VM its own VMID")
            }
        }
    }
}
