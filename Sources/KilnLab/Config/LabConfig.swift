import Foundation

/// What a lab holds at start: Proxmox nodes, storages, templates, pools, users with passwords and
/// API tokens, privileges, and how fast time runs. Read from JSON; every field has a default, so
/// `{}` is a valid config (one node `lab`, storage `local-lvm`, template 9000, token `root@pam!kiln`).
public struct LabConfig: Sendable, Codable, Equatable {
    public struct Node: Sendable, Codable, Equatable {
        public var name: String
        public var cpus: Int
        public var memoryGiB: Int

        public init(name: String, cpus: Int = 16, memoryGiB: Int = 64) {
            self.name = name
            self.cpus = cpus
            self.memoryGiB = memoryGiB
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            cpus = try c.decodeIfPresent(Int.self, forKey: .cpus) ?? 16
            memoryGiB = try c.decodeIfPresent(Int.self, forKey: .memoryGiB) ?? 64
        }
    }

    public struct Storage: Sendable, Codable, Equatable {
        public var name: String
        /// Shared storage is on every node; local storage only on `nodes`.
        public var shared: Bool
        /// Nodes that have it (empty: every node).
        public var nodes: [String]
        public var sizeGiB: Int
        public var type: String
        /// Content types it holds (`images`, `iso`, `import`…); by default what PVE sets up for its type.
        public var content: [String]

        public init(name: String, shared: Bool = false, nodes: [String] = [], sizeGiB: Int = 1024, type: String? = nil,
                    content: [String]? = nil) {
            self.name = name
            self.shared = shared
            self.nodes = nodes
            self.sizeGiB = sizeGiB
            self.type = type ?? (shared ? "nfs" : "lvmthin")
            self.content = content ?? Self.defaultContent(type: self.type)
        }

        /// File-based storages (a directory, NFS…) can hold downloads; block storages (LVM, RBD…) only disks.
        public var isFileBased: Bool { ["dir", "nfs", "cifs", "cephfs", "glusterfs", "btrfs"].contains(type) }

        static func defaultContent(type: String) -> [String] {
            switch type {
            case "dir": ["iso", "vztmpl", "backup", "import", "snippets"]
            case "nfs", "cifs", "cephfs", "glusterfs", "btrfs": ["images", "iso", "vztmpl", "import", "backup"]
            default: ["images", "rootdir"]
            }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(name: try c.decode(String.self, forKey: .name),
                      shared: try c.decodeIfPresent(Bool.self, forKey: .shared) ?? false,
                      nodes: try c.decodeIfPresent([String].self, forKey: .nodes) ?? [],
                      sizeGiB: try c.decodeIfPresent(Int.self, forKey: .sizeGiB) ?? 1024,
                      type: try c.decodeIfPresent(String.self, forKey: .type),
                      content: try c.decodeIfPresent([String].self, forKey: .content))
        }

        public func isAvailable(on node: String) -> Bool { shared || nodes.isEmpty || nodes.contains(node) }
    }

    public struct Template: Sendable, Codable, Equatable {
        public var vmid: Int
        public var name: String
        public var node: String
        public var storage: String
        public var diskGiB: Int
        public var cores: Int
        public var memoryMiB: Int

        public init(vmid: Int, name: String, node: String, storage: String, diskGiB: Int = 10,
                    cores: Int = 2, memoryMiB: Int = 2048) {
            self.vmid = vmid
            self.name = name
            self.node = node
            self.storage = storage
            self.diskGiB = diskGiB
            self.cores = cores
            self.memoryMiB = memoryMiB
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(vmid: try c.decode(Int.self, forKey: .vmid),
                      name: try c.decode(String.self, forKey: .name),
                      node: try c.decodeIfPresent(String.self, forKey: .node) ?? "lab",
                      storage: try c.decodeIfPresent(String.self, forKey: .storage) ?? "local-lvm",
                      diskGiB: try c.decodeIfPresent(Int.self, forKey: .diskGiB) ?? 10,
                      cores: try c.decodeIfPresent(Int.self, forKey: .cores) ?? 2,
                      memoryMiB: try c.decodeIfPresent(Int.self, forKey: .memoryMiB) ?? 2048)
        }
    }

    public struct Token: Sendable, Codable, Equatable {
        /// The part after `!`: `kiln` in `root@pam!kiln`.
        public var id: String
        public var secret: String
        /// Nil: the user's privileges.
        public var privileges: [String]?

        public init(id: String, secret: String, privileges: [String]? = nil) {
            self.id = id
            self.secret = secret
            self.privileges = privileges
        }
    }

    public struct User: Sendable, Codable, Equatable {
        /// `root@pam`.
        public var userid: String
        public var password: String?
        /// Privilege names (`VM.Clone`), `VM.Config.*` for a family, `*` for all.
        public var privileges: [String]
        public var tokens: [Token]

        public init(userid: String, password: String? = nil, privileges: [String] = ["*"], tokens: [Token] = []) {
            self.userid = userid
            self.password = password
            self.privileges = privileges
            self.tokens = tokens
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(userid: try c.decode(String.self, forKey: .userid),
                      password: try c.decodeIfPresent(String.self, forKey: .password),
                      privileges: try c.decodeIfPresent([String].self, forKey: .privileges) ?? ["*"],
                      tokens: try c.decodeIfPresent([Token].self, forKey: .tokens) ?? [])
        }
    }

    /// How long operations take on a real PVE, in seconds, before `speed` scales them.
    public struct Timings: Sendable, Codable, Equatable {
        public var fullClone: Double = 20
        public var linkedClone: Double = 2
        public var start: Double = 3
        public var stop: Double = 2
        public var shutdown: Double = 5
        public var destroy: Double = 2
        public var resize: Double = 1
        /// `download-url` of an image, and creating a VM (with `import-from`: copying the image in).
        public var download: Double = 10
        public var create: Double = 1
        public var importDisk: Double = 5
        /// How long a task waits for a VM's config lock before `got timeout` (PVE: 10 s).
        public var lockTimeout: Double = 10

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Timings()
            fullClone = try c.decodeIfPresent(Double.self, forKey: .fullClone) ?? d.fullClone
            linkedClone = try c.decodeIfPresent(Double.self, forKey: .linkedClone) ?? d.linkedClone
            start = try c.decodeIfPresent(Double.self, forKey: .start) ?? d.start
            stop = try c.decodeIfPresent(Double.self, forKey: .stop) ?? d.stop
            shutdown = try c.decodeIfPresent(Double.self, forKey: .shutdown) ?? d.shutdown
            destroy = try c.decodeIfPresent(Double.self, forKey: .destroy) ?? d.destroy
            resize = try c.decodeIfPresent(Double.self, forKey: .resize) ?? d.resize
            download = try c.decodeIfPresent(Double.self, forKey: .download) ?? d.download
            create = try c.decodeIfPresent(Double.self, forKey: .create) ?? d.create
            importDisk = try c.decodeIfPresent(Double.self, forKey: .importDisk) ?? d.importDisk
            lockTimeout = try c.decodeIfPresent(Double.self, forKey: .lockTimeout) ?? d.lockTimeout
        }
    }

    public var nodes: [Node]
    public var storages: [Storage]
    public var templates: [Template]
    public var pools: [String]
    public var users: [User]
    /// Time scale: an operation that takes 20 s on PVE takes 20 s × speed here (0.01: 0.2 s).
    public var speed: Double
    public var timings: Timings
    /// What `/version` reports; below 8.4 `download-url` refuses `content=import`, as PVE 8.3 does.
    public var version: String
    /// Faults in force from the start (latency, errors, resets, failing tasks, offline nodes).
    public var faults: FaultSettings
    /// The images `download-url` can fetch. Nil: any URL works; else an unknown URL makes the
    /// download task fail with a 404, as a wrong Image Factory URL does.
    public var labImages: [LabImage]?
    /// The Talos nodes on started VMs.
    public var talos: Talos = Talos()

    public init(nodes: [Node], storages: [Storage], templates: [Template], pools: [String] = [],
                users: [User], speed: Double = 1, timings: Timings = Timings(), version: String = "9.1.1",
                faults: FaultSettings = FaultSettings(), labImages: [LabImage]? = nil) {
        self.nodes = nodes
        self.storages = storages
        self.templates = templates
        self.pools = pools
        self.users = users
        self.speed = speed
        self.timings = timings
        self.version = version
        self.faults = faults
        self.labImages = labImages
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LabConfig.default(secret: "")
        nodes = try c.decodeIfPresent([Node].self, forKey: .nodes) ?? d.nodes
        storages = try c.decodeIfPresent([Storage].self, forKey: .storages) ?? d.storages
        templates = try c.decodeIfPresent([Template].self, forKey: .templates) ?? d.templates
        pools = try c.decodeIfPresent([String].self, forKey: .pools) ?? d.pools
        users = try c.decodeIfPresent([User].self, forKey: .users) ?? LabConfig.default(secret: LabConfig.randomSecret()).users
        speed = try c.decodeIfPresent(Double.self, forKey: .speed) ?? d.speed
        timings = try c.decodeIfPresent(Timings.self, forKey: .timings) ?? d.timings
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? d.version
        faults = try c.decodeIfPresent(FaultSettings.self, forKey: .faults) ?? d.faults
        labImages = try c.decodeIfPresent([LabImage].self, forKey: .labImages)
        talos = try c.decodeIfPresent(Talos.self, forKey: .talos) ?? Talos()
    }

    /// One node `lab`, local storages `local` (a directory: downloads) and `local-lvm` (disks), template 9000, user `root@pam` with token
    /// `root@pam!kiln` holding every privilege.
    public static func `default`(secret: String = randomSecret(), password: String = "kiln-lab") -> LabConfig {
        LabConfig(
            nodes: [Node(name: "lab")],
            storages: [Storage(name: "local", shared: false, type: "dir"),
                       Storage(name: "local-lvm", shared: false, nodes: ["lab"])],
            templates: [Template(vmid: 9000, name: "talos-template", node: "lab", storage: "local-lvm")],
            pools: ["kiln"],
            users: [User(userid: "root@pam", password: password, privileges: ["*"],
                         tokens: [Token(id: "kiln", secret: secret)])])
    }

    /// A PVE-looking token secret (a UUID, lower case).
    public static func randomSecret() -> String { UUID().uuidString.lowercased() }

    public static func load(path: String) throws -> LabConfig {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let config: LabConfig
        do {
            config = try JSONDecoder().decode(LabConfig.self, from: data)
        } catch let error as DecodingError {
            throw LabConfigError(path: path, detail: Self.describe(error))
        }
        if let problem = config.faults.problems.first { throw LabConfigError(path: path, detail: problem) }
        return config
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The first token, as `USER@REALM!ID=SECRET` (what `PROXMOX_VE_API_TOKEN` holds).
    public var firstToken: String? {
        for user in users { if let token = user.tokens.first { return "\(user.userid)!\(token.id)=\(token.secret)" } }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

public struct LabConfigError: Error, CustomStringConvertible {
    public let path: String
    public let detail: String
    public var description: String { "lab config \(path): \(detail)" }
}
