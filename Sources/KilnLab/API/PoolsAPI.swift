/// `PUT /pools`: adds VMs to a pool (moving them from another with `allow-move`) or, with
/// `delete`, takes them out. PVE 9's form; `PUT /pools/{poolid}` is the older one.
enum PoolsAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.put, "/pools") { request, cluster in try await membership(request, cluster, poolid: nil) },
            PVERoute(.put, "/pools/{poolid}") { request, cluster in
                try await membership(request, cluster, poolid: request.pathValue("poolid"))
            },
        ]
    }

    private static func membership(_ request: PVERequest, _ cluster: ProxmoxCluster, poolid fromPath: String?) async throws -> PVEReply {
        var check = ParameterCheck(request)
        let poolid = fromPath ?? check.string("poolid", required: true)
        let vms = check.string("vms")
        let remove = check.boolean("delete") ?? false
        let allowMove = check.boolean("allow-move") ?? false
        check.accept("comment", "storage", "poolid")
        try check.finish()
        let ids = (vms ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).compactMap { Int($0) }
        try await cluster.setPool(poolid ?? "", vmids: ids, remove: remove, allowMove: allowMove, caller: try request.caller)
        return PVEReply(.null)
    }
}

extension ProxmoxCluster {
    func setPool(_ poolid: String, vmids: [Int], remove: Bool, allowMove: Bool, caller: Identity) throws {
        try caller.privileges.require("Pool.Allocate", on: "/pool/\(poolid)")
        guard config.pools.contains(poolid) else { throw PVEError.server("pool '\(poolid)' does not exist") }
        for vmid in vmids {
            guard let vm = world.vms[vmid] else { throw PVEError.server("no such VMID '\(vmid)'") }
            if remove {
                guard vm.pool == poolid else { throw PVEError.server("VM \(vmid) is not a pool member") }
                update(vmid) { $0.pool = nil }
            } else {
                if let current = vm.pool, current != poolid, !allowMove {
                    throw PVEError.server("VM \(vmid) belongs already to pool '\(current)' and allow-move is not set")
                }
                update(vmid) { $0.pool = poolid }
            }
        }
    }
}
