import KilnEngine

/// `proxmox_vm` resources through the Proxmox VE API: the engine's seam to PVE.
///
/// Create: VMID (pinned, or the next free one, recorded before the clone) → clone (one at a
/// time per template) → wait for the task and the lock → config (with the digest) → resize →
/// start, each step recorded, so a run killed anywhere resumes at the step it reached.
public struct ProxmoxVMProvider: ResourceProvider {
    public let client: ProxmoxClient
    /// The plan's cluster name: VMs carry the tag `kiln-<cluster>`.
    public let cluster: String
    public let options: ProxmoxVMProviderOptions
    let clones = CloneQueue()
    let storages = StorageSharing()
    let vmids = VMIDAllocator()
    /// For `qm disk import` on a PVE older than 8.4.
    let ssh: ProxmoxNodeSSH

    public init(client: ProxmoxClient, cluster: String, options: ProxmoxVMProviderOptions = ProxmoxVMProviderOptions(),
                ssh: ProxmoxNodeSSH = .notConfigured) {
        self.client = client
        self.cluster = cluster
        self.options = options
        self.ssh = ssh
    }

    public var resourceTypes: Set<String> { [ProxmoxVMResources.type] }

    public func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] {
        try await refreshVMs(records)
    }

    public func diff(desired: Resource, current: ResourceRecord) -> ResourceChange {
        VMDiff.change(desired: desired, current: current)
    }

    public func create(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        let spec = try ProxmoxVMSpec(attributes: resource.attributes, address: resource.address)
        let placed = try await makeVM(spec, context: context)
        return try await converge(spec, at: placed, poolNow: .none, operation: .create, context: context)
    }

    public func update(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord {
        let spec = try ProxmoxVMSpec(attributes: resource.attributes, address: resource.address)
        guard let vmid = current.vmid else { throw ProxmoxVMError.malformedAttributes(current.address, key: "vmid") }
        guard let seen = try await locate(vmid) else {
            throw ProxmoxError(kind: .notFound, request: "GET /cluster/resources", reason: "VM \(vmid) is gone")
        }
        var placement = VMPlacement(vmid: vmid, node: seen.node)
        // The plan moved it (on shared storage, or the diff would have replaced it).
        if current.attributes[ProxmoxVMSpec.Key.node] != .string(spec.node), seen.node != spec.node {
            try await context.recordIntent(PendingIntent(operation: .update, outsideIDs: placement.outsideIDs, step: "migrating"))
            let upid = try await client.migrate(node: seen.node, vmid: vmid, target: spec.node, online: seen.status == "running")
            _ = try await client.waitForTask(upid, progress: Self.reporter(context, "migration of VM \(vmid) to \(spec.node)"))
            placement.node = spec.node
        }
        return try await converge(spec, at: placement, poolNow: .some(seen.pool), operation: .update, context: context)
    }

    public func delete(_ record: ResourceRecord, context: OperationContext) async throws {
        try await deleteVM(record, context: context)
    }

    public func adopt(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        try await adoptVM(record, desired: desired, context: context)
    }
}

/// Where a VM is: its VMID and the Proxmox node it is on now.
struct VMPlacement: Sendable, Equatable {
    var vmid: Int
    var node: String

    var outsideIDs: [String: String] { ["vmid": String(vmid), "node": node] }
}

extension ResourceRecord {
    var vmid: Int? { (pending?.outsideIDs["vmid"] ?? outsideIDs["vmid"]).flatMap { Int($0) } }
}
