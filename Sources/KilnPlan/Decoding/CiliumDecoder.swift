extension PlanDecoder {
    static let ciliumFields = ["version", "clusterID", "maxConnectedClusters", "loadBalancerPool", "l2Announcements", "clusterMesh"]

    func decodeCilium(_ root: MappingReader) -> CiliumSettings {
        var settings = CiliumSettings(version: SemanticVersion(0, 0, 0), clusterID: 0,
                                      maxConnectedClusters: CiliumSettings.defaultMaxConnectedClusters,
                                      loadBalancerPool: [], l2Announcements: false, clusterMesh: nil)
        guard let reader = section(root, "cilium", allowed: PlanDecoder.ciliumFields, example: "{version: 1.18.4, clusterID: 1}") else {
            return settings
        }
        if let version = reader.version("version", required: true, example: "1.18.4", tagged: false) {
            settings.version = version
        } else { context.markBroken("cilium.version") }
        if let id = reader.int("clusterID", required: true, example: "1") { settings.clusterID = id } else { context.markBroken("cilium.clusterID") }
        if let max = reader.int("maxConnectedClusters", example: "255") {
            if max == 255 || max == 511 {
                settings.maxConnectedClusters = max
            } else {
                reader.fail("maxConnectedClusters", "`cilium.maxConnectedClusters` must be 255 or 511, not \(max)",
                            fix: "use 255 (the default) unless the mesh needs cluster IDs above 255")
            }
        }
        for (text, path) in reader.stringList("loadBalancerPool") ?? [] {
            switch AddressBlock.parse(text) {
            case .success(let block): settings.loadBalancerPool.append(block)
            case .failure(.hostBitsSet(let network)):
                context.error(context.sourceMap.bestLocation(of: path), "pool entry `\(text)` has host bits set", fix: "write `\(network)`")
                context.markBroken("cilium.loadBalancerPool")
            case .failure(.reversedRange):
                context.error(context.sourceMap.bestLocation(of: path), "pool range `\(text)` ends before it starts",
                              fix: "write the lower address first")
                context.markBroken("cilium.loadBalancerPool")
            case .failure(.malformed):
                context.error(context.sourceMap.bestLocation(of: path), "pool entry `\(text)` is not a CIDR or an address range",
                              fix: "write `192.168.1.30-192.168.1.31` or `192.168.1.32/30`")
                context.markBroken("cilium.loadBalancerPool")
            }
        }
        settings.l2Announcements = reader.bool("l2Announcements") ?? false
        if let mesh = reader.mapping("clusterMesh", allowed: ["name", "endpoint"]) {
            let name = mesh.string("name", required: true, example: "homelab")
            let endpoint = mesh.ipAddress("endpoint", required: true, example: "192.168.1.31")
            if let name, !NameRules.isDNSLabel(name) {
                mesh.fail("name", "`cilium.clusterMesh.name` `\(name)` is not a DNS label",
                          fix: "use lowercase letters, digits and `-`, e.g. `homelab`")
            }
            if let name, let endpoint { settings.clusterMesh = ClusterMeshSettings(name: name, endpoint: endpoint) }
            else { context.markBroken("cilium.clusterMesh") }
        }
        return settings
    }
}
