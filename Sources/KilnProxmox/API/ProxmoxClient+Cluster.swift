extension ProxmoxClient {
    /// `GET /version`.
    public func version() async throws -> ProxmoxVersion {
        try await call(.get, "/version", reading: ProxmoxVersion.init)
    }

    /// `GET /nodes`: the Proxmox nodes of the cluster.
    public func nodes() async throws -> [ProxmoxNode] {
        try await call(.get, "/nodes") { try list($0, ProxmoxNode.init) }
    }

    /// `GET /cluster/nextid`: the lowest free VMID. PVE cannot reserve it: another creator may take
    /// it first (the clone then fails with "already exists").
    public func nextID() async throws -> Int {
        try await call(.get, "/cluster/nextid") { data in
            guard let id = data.int else { throw ProxmoxDecodingFailure(field: "data", expected: "a VMID") }
            return id
        }
    }

    /// `GET /cluster/nextid?vmid=N`: false when PVE answers that VM N already exists.
    public func isVMIDFree(_ vmid: Int) async throws -> Bool {
        do {
            _ = try await call(.get, "/cluster/nextid", ["vmid": .int(vmid)])
            return true
        } catch let error as ProxmoxError where error.kind == .alreadyExists {
            return false
        }
    }

    public enum ResourceType: String, Sendable { case vm, storage, node, sdn }

    /// `GET /cluster/resources?type=…`: one call lists every VM of the whole PVE cluster with its
    /// node, status and lock; use it to refresh many VMs at once. Entries other than VMs are skipped.
    public func clusterResources(type: ResourceType = .vm) async throws -> [ProxmoxClusterResource] {
        try await call(.get, "/cluster/resources", ["type": .string(type.rawValue)]) { data in
            try list(data) { $0 }.filter { $0["vmid"] != nil }.map(ProxmoxClusterResource.init)
        }
    }
}

extension ProxmoxClient {
    /// `PUT /pools`: puts VM `vmid` into `pool` (moving it out of any other), or with `pool`
    /// nil takes it out of `from`.
    public func setPool(vmid: Int, pool: String?, from previous: String?) async throws {
        if let pool {
            _ = try await call(.put, "/pools", ["poolid": .string(pool), "vms": .int(vmid), "allow-move": .bool(true)])
        } else if let previous {
            _ = try await call(.put, "/pools", ["poolid": .string(previous), "vms": .int(vmid), "delete": .bool(true)])
        }
    }
}

extension ProxmoxClient {
    /// `GET /cluster/resources?type=storage`: which storages are shared (the same on every node),
    /// by name.
    public func sharedStorages() async throws -> [String: Bool] {
        try await call(.get, "/cluster/resources", ["type": "storage"]) { data in
            var shared: [String: Bool] = [:]
            for entry in try list(data, { $0 }) {
                guard let name = entry["storage"]?.string else { continue }
                shared[name] = (shared[name] ?? false) || (entry["shared"]?.bool ?? false)
            }
            return shared
        }
    }
}
