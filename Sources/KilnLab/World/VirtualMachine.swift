import Foundation
import KilnCrypto

/// A VM or template as PVE keeps it: a config (key → value, as in `qemu-server/N.conf`) plus
/// where it lives, whether it runs, and its lock.
public struct VirtualMachine: Sendable, Codable, Equatable {
    public var vmid: Int
    public var node: String
    /// `running` or `stopped`.
    public var status: String
    public var pool: String?
    /// `clone`, `migrate`…: written in the config while an operation holds the VM.
    public var lock: String?
    public var config: [String: String]
    public var startedAt: Date?
    /// Sizes in bytes of volumes whose config line carries none: disks `qm disk import` left as
    /// `unusedN`, by volid (PVE reads them from the storage; the lab has no storage to read).
    public var unusedSizes: [String: Int]?

    public init(vmid: Int, node: String, status: String = "stopped", pool: String? = nil, lock: String? = nil,
                config: [String: String], startedAt: Date? = nil) {
        self.vmid = vmid
        self.node = node
        self.status = status
        self.pool = pool
        self.lock = lock
        self.config = config
        self.startedAt = startedAt
    }

    public var isTemplate: Bool { config["template"] == "1" }
    public var isRunning: Bool { status == "running" }
    public var name: String { config["name"] ?? "VM \(vmid)" }
    public var cores: Int { Int(config["cores"] ?? "1") ?? 1 }
    public var sockets: Int { Int(config["sockets"] ?? "1") ?? 1 }
    public var memoryMiB: Int { Int(config["memory"] ?? "512") ?? 512 }
    /// `agent: 1` or `agent: enabled=1,…`.
    public var agentEnabled: Bool {
        guard let agent = config["agent"] else { return false }
        let first = agent.split(separator: ",").first.map(String.init) ?? ""
        return first == "1" || first == "enabled=1"
    }

    /// Disk keys (`scsi0`, `virtio1`…) that hold a volume (not a CD-ROM).
    public var diskKeys: [String] {
        config.keys.filter { key in
            ["scsi", "virtio", "sata", "ide", "efidisk", "tpmstate"].contains { key.hasPrefix($0) && key.dropFirst($0.count).allSatisfy(\.isNumber) }
                && !(config[key] ?? "").contains("media=cdrom")
        }.sorted()
    }

    /// Total size of the VM's disks in bytes.
    public var diskBytes: Int { diskKeys.compactMap { DiskSize.of(volume: config[$0] ?? "") }.reduce(0, +) }

    /// The config file PVE would write: sorted `key: value` lines, the lock first.
    public var configText: String {
        var lines: [String] = []
        if let lock { lines.append("lock: \(lock)") }
        for key in config.keys.sorted() { lines.append("\(key): \(config[key]!)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// SHA-1 of the config file, as PVE's `digest`.
    public var digest: String { Hex.encode(Digest.sha1.hash(Array(configText.utf8))) }
}

/// PVE disk sizes: `10G`, `512M`, `+2G`, `1.5T`, plain bytes.
public enum DiskSize {
    static let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]

    /// Bytes in `text` (without a leading `+`), or nil when it is not a size.
    public static func parse(_ text: String) -> Int? {
        guard !text.isEmpty else { return nil }
        var number = Substring(text)
        var factor = 1
        if let last = number.last, let unit = units[last] {
            factor = unit
            number = number.dropLast()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }),
              number.filter({ $0 == "." }).count <= 1, let value = Double(number) else { return nil }
        return Int(value * Double(factor))
    }

    /// The `size=` of a volume string such as `local-lvm:vm-100-disk-0,size=10G`.
    public static func of(volume: String) -> Int? {
        for part in volume.split(separator: ",") where part.hasPrefix("size=") {
            return parse(String(part.dropFirst(5)))
        }
        return nil
    }

    /// The largest unit that divides `bytes` exactly: `10G`, `10752M`.
    public static func format(_ bytes: Int) -> String {
        for (unit, factor) in [("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes % factor == 0 && bytes >= factor {
            return "\(bytes / factor)\(unit)"
        }
        return "\(bytes)"
    }

    /// `volume` with its `size=` replaced.
    public static func replacingSize(in volume: String, with bytes: Int) -> String {
        var parts = volume.split(separator: ",").map(String.init)
        if let index = parts.firstIndex(where: { $0.hasPrefix("size=") }) {
            parts[index] = "size=\(format(bytes))"
        } else {
            parts.append("size=\(format(bytes))")
        }
        return parts.joined(separator: ",")
    }
}
