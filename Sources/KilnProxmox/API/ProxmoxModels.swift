/// `GET /version`.
public struct ProxmoxVersion: Sendable, Equatable {
    /// Full pve-manager version, e.g. `9.1.2`.
    public var version: String
    /// Point release, e.g. `9.1`.
    public var release: String
    public var repoID: String?

    init(_ v: ProxmoxValue) throws {
        version = try v.required("version", "a string", \.string)
        release = v["release"]?.string ?? version
        repoID = v["repoid"]?.string
    }

    /// (major, minor) of `release`, for feature checks such as `download-url` with `content=import` (8.4+).
    public var majorMinor: (Int, Int)? {
        let parts = release.split(separator: ".").compactMap { Int($0) }
        return parts.count >= 2 ? (parts[0], parts[1]) : nil
    }
}

/// One entry of `GET /nodes`.
public struct ProxmoxNode: Sendable, Equatable {
    public var node: String
    /// `online`, `offline`, `unknown`.
    public var status: String
    public var maxCPU: Int?
    public var maxMemory: Int?

    init(_ v: ProxmoxValue) throws {
        node = try v.required("node", "a string", \.string)
        status = v["status"]?.string ?? "unknown"
        maxCPU = v["maxcpu"]?.int
        maxMemory = v["maxmem"]?.int
    }
}

/// One VM of `GET /cluster/resources?type=vm`: enough to refresh every VM of a plan in one call.
public struct ProxmoxClusterResource: Sendable, Equatable {
    /// `qemu/100`.
    public var id: String
    /// `qemu` or `lxc`.
    public var type: String
    public var vmid: Int
    public var name: String?
    /// The Proxmox node the VM is on now.
    public var node: String
    /// `running`, `stopped`, …
    public var status: String?
    public var isTemplate: Bool
    public var tags: [String]
    public var maxMemory: Int?
    public var maxDisk: Int?
    public var maxCPU: Double?
    public var pool: String?
    /// `clone`, `migrate`, `backup`, … while an operation holds the VM.
    public var lock: String?

    init(_ v: ProxmoxValue) throws {
        id = v["id"]?.string ?? ""
        type = v["type"]?.string ?? ""
        vmid = try v.required("vmid", "an integer", \.int)
        name = v["name"]?.string
        node = try v.required("node", "a string", \.string)
        status = v["status"]?.string
        isTemplate = v["template"]?.bool ?? false
        tags = ProxmoxTags.split(v["tags"]?.string)
        maxMemory = v["maxmem"]?.int
        maxDisk = v["maxdisk"]?.int
        maxCPU = v["maxcpu"]?.double
        pool = v["pool"]?.string
        lock = v["lock"]?.string.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// `GET /nodes/{node}/qemu/{vmid}/config`: every option as PVE's text (`net0`, `scsi0`, `cores`…),
/// and the `digest` to send back with an edit.
public struct ProxmoxVMConfig: Sendable, Equatable {
    public var digest: String?
    public var options: [String: String]

    init(_ v: ProxmoxValue) throws {
        guard let object = v.object else { throw ProxmoxDecodingFailure(field: "data", expected: "an object") }
        digest = object["digest"]?.string
        options = object.filter { $0.key != "digest" }.compactMapValues(\.string)
    }

    init(digest: String?, options: [String: String]) {
        self.digest = digest
        self.options = options
    }

    /// A VM with nothing set: what a new VM's config is compared with.
    static let empty = ProxmoxVMConfig(digest: nil, options: [:])

    public subscript(option: String) -> String? { options[option] }
    public var tags: [String] { ProxmoxTags.split(options["tags"]) }
}

/// `GET /nodes/{node}/qemu/{vmid}/status/current`.
public struct ProxmoxVMStatus: Sendable, Equatable {
    /// `running` or `stopped`.
    public var status: String
    /// QEMU's own view (`running`, `paused`, `prelaunch`…), when running.
    public var qmpStatus: String?
    public var lock: String?
    public var name: String?
    public var uptimeSeconds: Int?
    /// The guest agent is enabled in the config (not necessarily running in the guest).
    public var agentEnabled: Bool

    init(_ v: ProxmoxValue) throws {
        status = try v.required("status", "a string", \.string)
        qmpStatus = v["qmpstatus"]?.string
        lock = v["lock"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        name = v["name"]?.string
        uptimeSeconds = v["uptime"]?.int
        agentEnabled = v["agent"]?.bool ?? false
    }

    public var isRunning: Bool { status == "running" }
}

/// `GET /nodes/{node}/tasks/{upid}/log`.
public struct ProxmoxTaskLog: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var text: String
    }

    public var lines: [Line]
    /// All lines the task has written, when PVE says.
    public var total: Int?
}

enum ProxmoxTags {
    /// PVE separates tags with `;` (also accepts `,` and spaces on input).
    static func split(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init)
    }
}
