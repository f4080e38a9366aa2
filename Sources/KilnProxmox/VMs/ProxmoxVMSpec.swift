import KilnEngine
import KilnPlan

/// One VM as the plan asks for it, in Proxmox's own units (MiB, GiB, property strings). It is
/// both what `ProxmoxVMResources` turns a plan node into and what the provider reads back from
/// a resource's attributes, so a saved plan carries everything a create needs.
public struct ProxmoxVMSpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Full clone of this template VM.
        case template(vmid: Int)
        /// A disk imported from the image that `proxmox_image.<node>` downloaded (its `volid`
        /// output); the attribute keeps `schematic/platform`.
        case image(String)
    }

    public var name: String
    /// The Proxmox node the VM is placed on when created.
    public var node: String
    /// Pinned VMID; nil lets kiln take the next free one.
    public var vmid: Int?
    public var source: Source
    public var storage: String
    public var pool: String?
    public var cores: Int
    public var sockets: Int
    public var cpu: String
    public var memoryMiB: Int
    public var diskGiB: Int
    public var bridge: String
    public var vlan: Int?
    public var onBoot: Bool
    public var guestAgent: Bool
    /// Cloud-init `ipconfig0`: `ip=A.B.C.D/NN,gw=G`.
    public var ipConfig: String
    /// Cloud-init `nameserver` (space-separated) and `searchdomain`.
    public var nameserver: String?
    public var searchDomain: String?
    public var tags: [String]
    public var description: String

    /// Attribute names, as plan output shows them.
    enum Key {
        static let name = "name", node = "node", vmid = "vmid", template = "template", image = "image"
        static let storage = "storage", pool = "pool"
        static let cores = "cores", sockets = "sockets", cpu = "cpu", memory = "memory_mib", disk = "disk_gib"
        static let bridge = "bridge", vlan = "vlan", onBoot = "onboot", agent = "agent", ipConfig = "ipconfig0"
        static let nameserver = "nameserver", searchDomain = "searchdomain", tags = "tags", description = "description"
        static let started = "started"
    }

    /// What cannot change in place: the VM is made again (`-/+`).
    static let replacementKeys: Set<String> = [Key.node, Key.vmid, Key.template, Key.image, Key.storage]
    /// What changes in the config at once but reaches the guest only when it boots again.
    static let rebootKeys: [String] = [Key.cores, Key.sockets, Key.cpu, Key.memory, Key.ipConfig, Key.nameserver, Key.searchDomain]

    /// The tags every VM of cluster `cluster` carries: how kiln recognises its own VMs.
    public static func tags(cluster: String) -> [String] { ["kiln", clusterTag(cluster)] }
    public static func clusterTag(_ cluster: String) -> String { "kiln-\(cluster)" }

    public var attributes: Attributes {
        var a: Attributes = [
            Key.name: .string(name), Key.node: .string(node), Key.storage: .string(storage),
            Key.cores: .int(cores), Key.sockets: .int(sockets), Key.cpu: .string(cpu),
            Key.memory: .int(memoryMiB), Key.disk: .int(diskGiB), Key.bridge: .string(bridge),
            Key.onBoot: .bool(onBoot), Key.agent: .bool(guestAgent), Key.ipConfig: .string(ipConfig),
            Key.tags: .list(tags.map { .string($0) }), Key.description: .string(description), Key.started: .bool(true),
        ]
        switch source {
        case .template(let vmid): a[Key.template] = .int(vmid)
        case .image(let source): a[Key.image] = .string(source)
        }
        if let vmid { a[Key.vmid] = .int(vmid) }
        if let pool { a[Key.pool] = .string(pool) }
        if let vlan { a[Key.vlan] = .int(vlan) }
        if let nameserver { a[Key.nameserver] = .string(nameserver) }
        if let searchDomain { a[Key.searchDomain] = .string(searchDomain) }
        return a
    }

    /// Reads a spec back from a resource's attributes.
    init(attributes a: Attributes, address: ResourceAddress) throws(ProxmoxVMError) {
        func string(_ key: String) throws(ProxmoxVMError) -> String {
            guard case .string(let value)? = a[key] else { throw .malformedAttributes(address, key: key) }
            return value
        }
        func int(_ key: String) throws(ProxmoxVMError) -> Int {
            guard case .int(let value)? = a[key] else { throw .malformedAttributes(address, key: key) }
            return value
        }
        func bool(_ key: String) throws(ProxmoxVMError) -> Bool {
            guard case .bool(let value)? = a[key] else { throw .malformedAttributes(address, key: key) }
            return value
        }
        func optionalString(_ key: String) -> String? { if case .string(let v)? = a[key] { v } else { nil } }
        func optionalInt(_ key: String) -> Int? { if case .int(let v)? = a[key] { v } else { nil } }
        guard case .list(let tagValues)? = a[Key.tags] else { throw .malformedAttributes(address, key: Key.tags) }
        name = try string(Key.name)
        node = try string(Key.node)
        vmid = optionalInt(Key.vmid)
        if let template = optionalInt(Key.template) {
            source = .template(vmid: template)
        } else if let image = optionalString(Key.image) {
            source = .image(image)
        } else {
            throw .malformedAttributes(address, key: Key.template)
        }
        storage = try string(Key.storage)
        pool = optionalString(Key.pool)
        cores = try int(Key.cores)
        sockets = try int(Key.sockets)
        cpu = try string(Key.cpu)
        memoryMiB = try int(Key.memory)
        diskGiB = try int(Key.disk)
        bridge = try string(Key.bridge)
        vlan = optionalInt(Key.vlan)
        onBoot = try bool(Key.onBoot)
        guestAgent = try bool(Key.agent)
        ipConfig = try string(Key.ipConfig)
        nameserver = optionalString(Key.nameserver)
        searchDomain = optionalString(Key.searchDomain)
        tags = tagValues.compactMap { if case .string(let tag) = $0 { tag } else { nil } }
        description = try string(Key.description)
    }

    init(name: String, node: String, vmid: Int?, source: Source, storage: String, pool: String?, cores: Int, sockets: Int,
         cpu: String, memoryMiB: Int, diskGiB: Int, bridge: String, vlan: Int?, onBoot: Bool, guestAgent: Bool,
         ipConfig: String, nameserver: String?, searchDomain: String?, tags: [String], description: String) {
        self.name = name
        self.node = node
        self.vmid = vmid
        self.source = source
        self.storage = storage
        self.pool = pool
        self.cores = cores
        self.sockets = sockets
        self.cpu = cpu
        self.memoryMiB = memoryMiB
        self.diskGiB = diskGiB
        self.bridge = bridge
        self.vlan = vlan
        self.onBoot = onBoot
        self.guestAgent = guestAgent
        self.ipConfig = ipConfig
        self.nameserver = nameserver
        self.searchDomain = searchDomain
        self.tags = tags
        self.description = description
    }

}
