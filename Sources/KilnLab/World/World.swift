import Foundation

/// Everything the lab's Proxmox VE cluster holds that survives a restart: its VMs and templates.
/// Nodes, storages, pools and users come from the config at every start.
public struct World: Sendable, Codable, Equatable {
    public var formatVersion = 1
    public var vms: [Int: VirtualMachine]
    /// Downloaded images and other non-disk volumes, by volid.
    public var volumes: [String: StoredVolume]

    public init(vms: [Int: VirtualMachine] = [:], volumes: [String: StoredVolume] = [:]) {
        self.vms = vms
        self.volumes = volumes
    }

    private enum CodingKeys: String, CodingKey { case formatVersion, vms, volumes }

    /// On disk the VMs are a list sorted by VMID, readable and diffable.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        let list = try container.decode([VirtualMachine].self, forKey: .vms)
        vms = Dictionary(list.map { ($0.vmid, $0) }, uniquingKeysWith: { _, last in last })
        // Worlds written before downloads existed have none.
        let stored = try container.decodeIfPresent([StoredVolume].self, forKey: .volumes) ?? []
        volumes = Dictionary(stored.map { ($0.volid, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(vms.values.sorted { $0.vmid < $1.vmid }, forKey: .vms)
        try container.encode(volumes.values.sorted { $0.volid < $1.volid }, forKey: .volumes)
    }

    /// A world with the config's templates.
    public init(config: LabConfig) {
        self.init()
        addMissingTemplates(from: config)
    }

    /// Adds the templates of `config` that the world does not hold yet (by VMID).
    public mutating func addMissingTemplates(from config: LabConfig) {
        for template in config.templates where vms[template.vmid] == nil {
            vms[template.vmid] = VirtualMachine(vmid: template.vmid, node: template.node, config: [
                "name": template.name,
                "template": "1",
                "cores": "\(template.cores)",
                "sockets": "1",
                "memory": "\(template.memoryMiB)",
                "cpu": "x86-64-v2-AES",
                "ostype": "l26",
                "scsihw": "virtio-scsi-single",
                "scsi0": "\(template.storage):base-\(template.vmid)-disk-0,size=\(template.diskGiB)G",
                "ide2": "\(template.storage):vm-\(template.vmid)-cloudinit,media=cdrom",
                "net0": "virtio=\(MACAddress.random()),bridge=vmbr0",
                "boot": "order=scsi0",
                "agent": "0",
            ])
        }
    }

    public static func load(path: String) throws -> World {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(World.self, from: data)
    }

    /// Writes the world atomically (temporary file, then rename).
    public func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

enum MACAddress {
    /// A MAC under Proxmox's OUI `BC:24:11`, as PVE generates for new NICs.
    static func random() -> String {
        "BC:24:11" + (0..<3).map { _ in String(format: ":%02X", UInt8.random(in: 0...255)) }.joined()
    }
}
