import Foundation

/// Lab controls for tests and demos (no authentication; loopback only):
/// - `GET /lab/faults`, `PUT /lab/faults` (a JSON `FaultSettings`, replacing all), `DELETE /lab/faults`,
///   `POST /lab/faults/rules` (one JSON `FaultRule`, added after the others);
/// - `POST /lab/nodes/{node}/offline` and `…/online`;
/// - `POST /lab/vms/{vmid}/migrate?target=NODE`: the VM moves as if someone migrated it outside kiln.
enum LabControlAPI {
    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/lab/faults", authenticated: false) { _, cluster in
                PVEReply(try JSON.decode(JSONEncoder().encode(await cluster.faultSettings)))
            },
            PVERoute(.put, "/lab/faults", authenticated: false) { request, cluster in
                try await cluster.setFaults(try decode(FaultSettings.self, request))
                return PVEReply(.null)
            },
            PVERoute(.delete, "/lab/faults", authenticated: false) { _, cluster in
                await cluster.clearFaults()
                return PVEReply(.null)
            },
            PVERoute(.post, "/lab/faults/rules", authenticated: false) { request, cluster in
                try await cluster.addFault(try decode(FaultRule.self, request))
                return PVEReply(.null)
            },
            PVERoute(.post, "/lab/nodes/{node}/offline", authenticated: false) { request, cluster in
                try await cluster.setNode(request.pathValue("node"), offline: true)
                return PVEReply(.null)
            },
            PVERoute(.post, "/lab/nodes/{node}/online", authenticated: false) { request, cluster in
                try await cluster.setNode(request.pathValue("node"), offline: false)
                return PVEReply(.null)
            },
            PVERoute(.post, "/lab/vms/{vmid}/migrate", authenticated: false) { request, cluster in
                guard let vmid = Int(request.pathValue("vmid")) else { throw PVEError.parameter("vmid", "not a VMID") }
                guard let target = request.parameters["target"] else { throw PVEError.parameter("target", PVEError.missing) }
                try await cluster.migrateOutsideKiln(vmid, to: target)
                return PVEReply(.null)
            },
        ]
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ request: PVERequest) throws -> T {
        do { return try JSONDecoder().decode(type, from: request.body) } catch {
            throw PVEError(status: 400, "expected a JSON \(type) body: \(error)")
        }
    }
}

extension ProxmoxCluster {
    /// Moves a VM to another node, as an HA relocation or a migration by hand would: kiln must
    /// find it there through `/cluster/resources`.
    public func migrateOutsideKiln(_ vmid: Int, to target: String) throws {
        _ = try requireNode(target)
        guard let vm = world.vms[vmid] else { throw PVEError.server("VM \(vmid) does not exist") }
        if let lock = vm.lock { throw PVEError.server("VM is locked (\(lock))") }
        guard !heldLocks.contains(vmid) else { throw PVEError.server("can't lock file '/var/lock/qemu-server/lock-\(vmid).conf' - got timeout") }
        update(vmid) { $0.node = target }
    }
}
