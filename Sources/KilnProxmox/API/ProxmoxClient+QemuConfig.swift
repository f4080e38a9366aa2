extension ProxmoxClient {
    /// `GET /nodes/{node}/qemu/{vmid}/config`, with its `digest`.
    public func vmConfig(node: String, vmid: Int) async throws -> ProxmoxVMConfig {
        try await call(.get, Self.path("nodes", node, "qemu", vmid, "config"), reading: ProxmoxVMConfig.init)
    }

    /// `PUT /nodes/{node}/qemu/{vmid}/config` (synchronous): sets `fields`, removes `delete`.
    /// With `digest` (from `vmConfig`), PVE refuses the edit if the config changed since.
    public func updateConfig(node: String, vmid: Int, fields: ProxmoxParameters, delete: [String] = [],
                             digest: String? = nil) async throws {
        var parameters = fields
        if !delete.isEmpty { parameters["delete"] = .string(delete.joined(separator: ",")) }
        parameters["digest"] = digest.map { .string($0) }
        _ = try await call(.put, Self.path("nodes", node, "qemu", vmid, "config"), parameters)
    }

    /// `PUT /nodes/{node}/qemu/{vmid}/resize`: `size` is `+20G` (grow by) or `30G` (grow to;
    /// PVE refuses to shrink). Returns the task when PVE runs it as one (PVE 8+), nil when it
    /// answered synchronously.
    public func resize(node: String, vmid: Int, disk: String, size: String, digest: String? = nil) async throws -> UPID? {
        var parameters: ProxmoxParameters = ["disk": .string(disk), "size": .string(size)]
        parameters["digest"] = digest.map { .string($0) }
        let data = try await call(.put, Self.path("nodes", node, "qemu", vmid, "resize"), parameters)
        return data.string.flatMap(UPID.init)
    }
}
