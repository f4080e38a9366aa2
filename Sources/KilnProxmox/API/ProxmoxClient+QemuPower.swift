extension ProxmoxClient {
    /// `GET /nodes/{node}/qemu/{vmid}/status/current`.
    public func status(node: String, vmid: Int) async throws -> ProxmoxVMStatus {
        try await call(.get, Self.path("nodes", node, "qemu", vmid, "status", "current"), reading: ProxmoxVMStatus.init)
    }

    /// `POST …/status/start`; `timeout` in seconds.
    public func start(node: String, vmid: Int, timeout: Int? = nil) async throws -> UPID {
        var parameters = ProxmoxParameters()
        parameters["timeout"] = timeout.map { .int($0) }
        return try await startTask(.post, Self.path("nodes", node, "qemu", vmid, "status", "start"), parameters)
    }

    /// `POST …/status/stop`: immediate power-off; `timeout` in seconds.
    public func stop(node: String, vmid: Int, timeout: Int? = nil) async throws -> UPID {
        var parameters = ProxmoxParameters()
        parameters["timeout"] = timeout.map { .int($0) }
        return try await startTask(.post, Self.path("nodes", node, "qemu", vmid, "status", "stop"), parameters)
    }

    /// `POST …/status/shutdown`: ACPI shutdown, waiting up to `timeout` seconds; `forceStop`
    /// powers off when the guest has not stopped by then.
    public func shutdown(node: String, vmid: Int, timeout: Int? = nil, forceStop: Bool = false) async throws -> UPID {
        var parameters = ProxmoxParameters()
        parameters["timeout"] = timeout.map { .int($0) }
        if forceStop { parameters["forceStop"] = .bool(true) }
        return try await startTask(.post, Self.path("nodes", node, "qemu", vmid, "status", "shutdown"), parameters)
    }
}

extension ProxmoxClient {
    /// `POST …/migrate`: moves the VM to `target` (live when `online`). PVE refuses it when a
    /// disk is on storage the target does not have.
    public func migrate(node: String, vmid: Int, target: String, online: Bool) async throws -> UPID {
        var parameters: ProxmoxParameters = ["target": .string(target)]
        if online { parameters["online"] = .bool(true) }
        return try await startTask(.post, Self.path("nodes", node, "qemu", vmid, "migrate"), parameters)
    }
}
