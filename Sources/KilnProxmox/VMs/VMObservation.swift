import Foundation
import KilnEngine

/// Reads a VM's config back into the attributes of `ProxmoxVMSpec`, so what someone changed in
/// the web interface shows as drift. Placement (node, template or image, pinned VMID) cannot
/// be read back and keeps the recorded values: a VM migrated to another node is followed through
/// `outsideIDs`, not treated as a different VM.
enum VMObservation {
    typealias Key = ProxmoxVMSpec.Key

    static func attributes(config: ProxmoxVMConfig, seen: ProxmoxClusterResource, recorded: Attributes) -> Attributes {
        var a: Attributes = [:]
        for key in [Key.node, Key.vmid, Key.template, Key.image] { a[key] = recorded[key] }
        a[Key.name] = .string(config["name"] ?? "")
        a[Key.cores] = .int(Int(config["cores"] ?? "") ?? 1)
        a[Key.sockets] = .int(Int(config["sockets"] ?? "") ?? 1)
        a[Key.cpu] = .string(cpuType(config["cpu"]))
        a[Key.memory] = .int(memoryMiB(config["memory"]))
        if let device = diskDevice(config), let volume = config[device] {
            a[Key.disk] = .int(diskGiB(volume))
            if let colon = volume.firstIndex(of: ":") { a[Key.storage] = .string(String(volume[..<colon])) }
        } else {
            a[Key.disk] = .int(0)
            a[Key.storage] = recorded[Key.storage]
        }
        let net = config["net0"].flatMap(NetworkDevice.init)
        a[Key.bridge] = .string(net?.bridge ?? "")
        if let vlan = net?.vlan { a[Key.vlan] = .int(vlan) }
        if let pool = seen.pool { a[Key.pool] = .string(pool) }
        a[Key.onBoot] = .bool(config["onboot"] == "1")
        a[Key.agent] = .bool(agentEnabled(config["agent"]))
        a[Key.ipConfig] = .string(config["ipconfig0"] ?? "")
        if let nameserver = config["nameserver"] { a[Key.nameserver] = .string(nameserver) }
        if let domain = config["searchdomain"] { a[Key.searchDomain] = .string(domain) }
        a[Key.tags] = .list(config.tags.sorted().map { .string($0) })
        a[Key.description] = .string((config["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        a[Key.started] = .bool(seen.status == "running")
        return a
    }

    /// The boot disk: the first disk in `boot: order=…`, else the first of scsi0, virtio0, sata0, ide0
    /// that holds a volume rather than a CD-ROM.
    static func diskDevice(_ config: ProxmoxVMConfig) -> String? {
        func isDisk(_ key: String) -> Bool {
            // `boot: order=` also names network devices.
            guard key.range(of: #"^(scsi|virtio|sata|ide)[0-9]+$"#, options: .regularExpression) != nil,
                  let value = config[key] else { return false }
            return !value.contains("media=cdrom") && !value.contains("cloudinit")
        }
        if let boot = config["boot"], let order = boot.split(separator: ",").first(where: { $0.hasPrefix("order=") }) {
            for device in order.dropFirst("order=".count).split(separator: ";").map(String.init) where isDisk(device) {
                return device
            }
        }
        return ["scsi0", "virtio0", "sata0", "ide0"].first(where: isDisk)
    }

    /// `local-lvm:vm-100-disk-0,size=10G` → 10 (whole GiB, rounded up).
    static func diskGiB(_ volume: String) -> Int {
        guard let size = volume.split(separator: ",").first(where: { $0.hasPrefix("size=") })?.dropFirst(5),
              let bytes = bytes(String(size)) else { return 0 }
        return (bytes + (1 << 30) - 1) >> 30
    }

    static func bytes(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var number = Substring(text), factor = 1
        if let last = number.last, let unit = units[last] {
            factor = unit
            number = number.dropLast()
        }
        return Double(number).map { Int($0 * Double(factor)) }
    }

    /// `x86-64-v2-AES,flags=+aes` or `cputype=host` → the type alone; PVE's default is `kvm64`.
    static func cpuType(_ value: String?) -> String {
        guard let value, let first = value.split(separator: ",").first else { return "kvm64" }
        return first.hasPrefix("cputype=") ? String(first.dropFirst("cputype=".count)) : String(first)
    }

    /// `2048` or `current=2048` → 2048; PVE's default is 512.
    static func memoryMiB(_ value: String?) -> Int {
        guard let value else { return 512 }
        let first = value.split(separator: ",").first.map(String.init) ?? value
        return Int(first.hasPrefix("current=") ? String(first.dropFirst("current=".count)) : first) ?? 512
    }

    /// `1`, `enabled=1,fstrim_cloned_disks=1`.
    static func agentEnabled(_ value: String?) -> Bool {
        guard let first = value?.split(separator: ",").first else { return false }
        return first == "1" || first == "enabled=1"
    }
}
