/// What `/cluster/resources` shows of a VM, as one line. Kept in the record's outputs: when the
/// line a refresh sees equals the recorded one, the VM's config is not read again, so a plan of
/// 1,000 unchanged VMs costs one request.
struct VMSummary: Equatable {
    var name: String
    var node: String
    var status: String
    var tags: [String]
    var memoryBytes: Int
    var cpus: Int
    var diskBytes: Int
    var pool: String?

    init(_ seen: ProxmoxClusterResource) {
        name = seen.name ?? ""
        node = seen.node
        status = seen.status ?? "unknown"
        tags = seen.tags.sorted()
        memoryBytes = seen.maxMemory ?? 0
        cpus = Int((seen.maxCPU ?? 0).rounded())
        diskBytes = seen.maxDisk ?? 0
        pool = seen.pool
    }

    /// What a VM brought to `spec` on `node` shows, running.
    init(predictedFor spec: ProxmoxVMSpec, node: String) {
        name = spec.name
        self.node = node
        status = "running"
        tags = spec.tags.sorted()
        memoryBytes = spec.memoryMiB << 20
        cpus = spec.cores * spec.sockets
        diskBytes = spec.diskGiB << 30
        pool = spec.pool
    }

    var text: String {
        "name=\(name) node=\(node) status=\(status) tags=\(tags.joined(separator: ";")) mem=\(memoryBytes) cpus=\(cpus) disk=\(diskBytes) pool=\(pool ?? "")"
    }
}
