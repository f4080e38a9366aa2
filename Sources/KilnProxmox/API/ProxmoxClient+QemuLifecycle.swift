extension ProxmoxClient {
    /// `POST /nodes/{node}/qemu/{template}/clone`. `target` only when every source disk is on
    /// shared storage. `.alreadyDone` when a retry found VM `newID` already there: an earlier
    /// attempt created it; adopt it.
    public func clone(node: String, template: Int, newID: Int, name: String? = nil, full: Bool = true,
                      storage: String? = nil, pool: String? = nil, target: String? = nil,
                      description: String? = nil) async throws -> ProxmoxDispatch {
        var parameters: ProxmoxParameters = ["newid": .int(newID), "full": .bool(full)]
        parameters["name"] = name.map { .string($0) }
        parameters["storage"] = storage.map { .string($0) }
        parameters["pool"] = pool.map { .string($0) }
        parameters["target"] = target.map { .string($0) }
        parameters["description"] = description.map { .string($0) }
        return try await dispatch(.post, Self.path("nodes", node, "qemu", template, "clone"), parameters,
                                  adoptingAlreadyExists: true)
    }

    /// `DELETE /nodes/{node}/qemu/{vmid}`: `purge` also removes it from backup jobs, replication
    /// and HA; `destroyUnreferencedDisks` removes disks on storages that the config no longer names.
    public func delete(node: String, vmid: Int, purge: Bool = true, destroyUnreferencedDisks: Bool = true) async throws -> UPID {
        try await startTask(.delete, Self.path("nodes", node, "qemu", vmid),
                            ["purge": .bool(purge), "destroy-unreferenced-disks": .bool(destroyUnreferencedDisks)])
    }
}

extension ProxmoxClient {
    /// `POST /nodes/{node}/qemu`: a new VM from `config` (disks as `STORAGE:SIZE` or
    /// `STORAGE:0,import-from=VOLID`). `.alreadyDone` when a retry found VM `vmid` made by an
    /// earlier attempt.
    public func createVM(node: String, vmid: Int, config: ProxmoxParameters) async throws -> ProxmoxDispatch {
        var parameters: ProxmoxParameters = ["vmid": .int(vmid)]
        for field in config.fields where field.name != "vmid" { parameters[field.name] = .string(field.value) }
        return try await dispatch(.post, Self.path("nodes", node, "qemu"), parameters, adoptingAlreadyExists: true)
    }
}
