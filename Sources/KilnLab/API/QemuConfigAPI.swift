import Foundation

/// `GET/PUT /nodes/{node}/qemu/{vmid}/config` (with `digest`) and `PUT …/resize`.
enum QemuConfigAPI {
    /// Settable keys (exact, or a prefix followed by a number) and the privilege each needs.
    static let settable: [(key: String, indexed: Bool, privilege: String)] = [
        ("cores", false, "VM.Config.CPU"), ("sockets", false, "VM.Config.CPU"), ("cpu", false, "VM.Config.CPU"),
        ("memory", false, "VM.Config.Memory"), ("balloon", false, "VM.Config.Memory"),
        ("net", true, "VM.Config.Network"), ("scsi", true, "VM.Config.Disk"), ("virtio", true, "VM.Config.Disk"),
        ("scsihw", false, "VM.Config.Options"), ("ipconfig", true, "VM.Config.Cloudinit"),
        ("nameserver", false, "VM.Config.Cloudinit"), ("searchdomain", false, "VM.Config.Cloudinit"),
        ("ciuser", false, "VM.Config.Cloudinit"), ("cipassword", false, "VM.Config.Cloudinit"),
        ("sshkeys", false, "VM.Config.Cloudinit"), ("cicustom", false, "VM.Config.Cloudinit"),
        ("tags", false, "VM.Config.Options"), ("description", false, "VM.Config.Options"),
        ("onboot", false, "VM.Config.Options"), ("agent", false, "VM.Config.Options"), ("name", false, "VM.Config.Options"),
        ("boot", false, "VM.Config.Options"), ("ostype", false, "VM.Config.Options"),
        ("ide", true, "VM.Config.Disk"), ("sata", true, "VM.Config.Disk"), ("serial", true, "VM.Config.HWType"),
        ("vga", false, "VM.Config.HWType"), ("machine", false, "VM.Config.HWType"), ("bios", false, "VM.Config.Options"),
    ]

    static func privilege(for key: String) -> String? {
        settable.first { entry in
            entry.indexed ? key.hasPrefix(entry.key) && key.count > entry.key.count && key.dropFirst(entry.key.count).allSatisfy(\.isNumber)
                          : key == entry.key
        }?.privilege
    }

    static let integerKeys: Set<String> = ["cores", "sockets", "onboot", "template", "balloon"]

    static var routes: [PVERoute] {
        [
            PVERoute(.get, "/nodes/{node}/qemu/{vmid}/config") { request, cluster in
                var check = ParameterCheck(request)
                let vmid = check.vmid("vmid", required: true)
                check.accept("current", "snapshot")
                try check.finish()
                return try await cluster.readConfig(node: request.pathValue("node"), vmid: vmid!, caller: try request.caller)
            },
            // PUT is synchronous; POST does the same as a task and answers its UPID.
            PVERoute(.put, "/nodes/{node}/qemu/{vmid}/config") { request, cluster in
                let edit = try ConfigEdit(request)
                return try await cluster.writeConfig(node: request.pathValue("node"), edit: edit, caller: try request.caller)
            },
            PVERoute(.post, "/nodes/{node}/qemu/{vmid}/config", startsTask: true) { request, cluster in
                let edit = try ConfigEdit(request)
                return try await cluster.writeConfigTask(node: request.pathValue("node"), edit: edit, caller: try request.caller)
            },
            PVERoute(.put, "/nodes/{node}/qemu/{vmid}/resize", startsTask: true) { request, cluster in
                var check = ParameterCheck(request)
                let vmid = check.vmid("vmid", required: true)
                let disk = check.string("disk", required: true)
                let size = check.string("size", required: true)
                let digest = check.string("digest", maxLength: 64)
                check.accept("skiplock")
                if let disk, privilege(for: disk) != "VM.Config.Disk" {
                    check.fail("disk", "value '\(disk)' does not have a value in the enumeration 'ide0, …, scsi30, virtio0, …'")
                }
                var grow = false
                var bytes: Int?
                if let size {
                    grow = size.hasPrefix("+")
                    bytes = DiskSize.parse(grow ? String(size.dropFirst()) : size)
                    if bytes == nil { check.fail("size", "value does not match the regex pattern") }
                }
                try check.finish()
                return try await cluster.resize(node: request.pathValue("node"), vmid: vmid!, disk: disk!, bytes: bytes!,
                                                relative: grow, digest: digest, caller: try request.caller)
            },
        ]
    }

    /// PVE's format checks for the values kiln sets; nil when fine.
    static func validate(_ key: String, _ value: String) -> String? {
        switch key {
        case "cores", "sockets":
            guard let number = Int(value) else { return "type check ('integer') failed - got '\(value)'" }
            return number < 1 ? "value must have a minimum value of 1" : nil
        case "memory":
            let amount = value.hasPrefix("current=") ? String(value.dropFirst(8)) : value
            guard let number = Int(amount) else { return "value '\(value)' does not match format 'pve-qm-memory'" }
            return number < 16 ? "value must have a minimum value of 16" : nil
        case "onboot":
            return ["0", "1"].contains(value) ? nil : "type check ('boolean') failed - got '\(value)'"
        case "name":
            var check = ParameterCheck(PVERequest(method: "", template: "", path: "", pathValues: [:], parameters: ["name": value]))
            _ = check.dnsName("name")
            return check.errors["name"]
        case "tags":
            let tags = value.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " })
            let valid = tags.allSatisfy { tag in
                guard let first = tag.first, first.isLetter || first.isNumber || first == "_" else { return false }
                return tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-+.".contains($0)) }
            }
            return valid ? nil : "invalid format - invalid characters in tag"
        default:
            if key.hasPrefix("net") {
                let model = value.split(separator: ",").first?.split(separator: "=").first.map(String.init) ?? ""
                return ["virtio", "e1000", "e1000e", "rtl8139", "vmxnet3"].contains(model) ? nil
                    : "invalid format - format error\n\(key).model: property is missing and it is not optional"
            }
            if key.hasPrefix("ipconfig") {
                let keys = value.split(separator: ",").map { $0.split(separator: "=").first.map(String.init) ?? "" }
                return keys.allSatisfy({ ["ip", "gw", "ip6", "gw6"].contains($0) }) ? nil
                    : "invalid format - format error\n\(key): unknown key in \(value)"
            }
            return nil
        }
    }

    /// What PVE stores: tags `;`-separated, a NIC without MAC gets one.
    static func normalize(_ key: String, _ value: String) -> String {
        if key == "tags" {
            return value.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init).joined(separator: ";")
        }
        if key.hasPrefix("net") {
            var parts = value.split(separator: ",").map(String.init)
            if let first = parts.first, !first.contains("=") { parts[0] = "\(first)=\(MACAddress.random())" }
            return parts.joined(separator: ",")
        }
        return value
    }
}

/// The parameters of a config PUT/POST, checked.
struct ConfigEdit: Sendable {
    let vmid: Int
    let changes: [String: String]
    let deletions: [String]
    let digest: String?

    init(_ request: PVERequest) throws {
        var check = ParameterCheck(request)
        let vmid = check.vmid("vmid", required: true)
        digest = check.string("digest", maxLength: 64)
        let delete = check.string("delete")
        var changes: [String: String] = [:]
        for (key, value) in request.parameters where QemuConfigAPI.privilege(for: key) != nil {
            check.accept(key)
            if let problem = QemuConfigAPI.validate(key, value) { check.fail(key, problem) } else { changes[key] = QemuConfigAPI.normalize(key, value) }
        }
        check.accept("skiplock", "revert", "background_delay")
        let deletions = delete.map { $0.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map(String.init) } ?? []
        for key in deletions where QemuConfigAPI.privilege(for: key) == nil { check.fail("delete", "invalid configuration key '\(key)'") }
        try check.finish()
        self.vmid = vmid!
        self.changes = changes
        self.deletions = deletions
    }
}

extension ProxmoxCluster {
    func readConfig(node: String, vmid: Int, caller: Identity) throws -> PVEReply {
        try caller.privileges.require("VM.Audit", on: "/vms/\(vmid)")
        let vm = try vm(vmid, on: node)
        var object: [String: JSON] = [:]
        for (key, value) in vm.config {
            object[key] = QemuConfigAPI.integerKeys.contains(key) ? Int(value).map(JSON.int) ?? .string(value) : .string(value)
        }
        if let lock = vm.lock { object["lock"] = .string(lock) }
        object["digest"] = .string(vm.digest)
        return PVEReply(.object(object))
    }

    func writeConfig(node: String, edit: ConfigEdit, caller: Identity) throws -> PVEReply {
        try checkConfigEdit(node: node, edit: edit, caller: caller)
        try applyConfigEdit(edit)
        return PVEReply(.null)
    }

    func writeConfigTask(node: String, edit: ConfigEdit, caller: Identity) throws -> PVEReply {
        try checkConfigEdit(node: node, edit: edit, caller: caller)
        let upid = startTask(node: node, type: "qmconfig", id: String(edit.vmid), user: caller.description) { cluster, upid in
            try await cluster.runConfigEdit(edit, upid: upid)
        }
        return PVEReply(.string(upid.description))
    }

    private func runConfigEdit(_ edit: ConfigEdit, upid: UPID) async throws {
        try await acquireLock(edit.vmid, for: upid)
        defer { releaseLock(edit.vmid, by: upid) }
        try applyConfigEdit(edit)
        log(upid, "update VM \(edit.vmid): " + (edit.changes.keys.sorted().map { "-\($0) \(edit.changes[$0]!)" } + edit.deletions.map { "-delete \($0)" }).joined(separator: " "))
    }

    private func checkConfigEdit(node: String, edit: ConfigEdit, caller: Identity) throws {
        for key in (Array(edit.changes.keys) + edit.deletions).sorted() {
            try caller.privileges.require(QemuConfigAPI.privilege(for: key)!, on: "/vms/\(edit.vmid)")
        }
        _ = try vm(edit.vmid, on: node)
    }

    private func applyConfigEdit(_ edit: ConfigEdit) throws {
        guard let vm = world.vms[edit.vmid] else { throw PVEError.server("VM \(edit.vmid) does not exist") }
        if let digest = edit.digest, digest != vm.digest {
            throw PVEError.server("detected modified configuration - file changed by other user? Try again.")
        }
        if let lock = vm.lock { throw PVEError.server("VM is locked (\(lock))") }
        update(edit.vmid) { vm in
            for (key, value) in edit.changes { vm.set(key, value) }
            for key in edit.deletions { vm.config[key] = nil }
        }
    }

    func resize(node: String, vmid: Int, disk: String, bytes: Int, relative: Bool, digest: String?,
                caller: Identity) throws -> PVEReply {
        try caller.privileges.require("VM.Config.Disk", on: "/vms/\(vmid)")
        _ = try vm(vmid, on: node)
        let duration = scaled(config.timings.resize)
        // Since PVE 8 the resize runs as a task: a refused shrink is a failed task, not an HTTP error.
        let upid = startTask(node: node, type: "resize", id: String(vmid), user: caller.description) { cluster, upid in
            try await cluster.runResize(upid: upid, vmid: vmid, disk: disk, bytes: bytes, relative: relative,
                                        digest: digest, duration: duration)
        }
        return PVEReply(.string(upid.description))
    }

    private func runResize(upid: UPID, vmid: Int, disk: String, bytes: Int, relative: Bool, digest: String?,
                           duration: Duration) async throws {
        try await acquireLock(vmid, for: upid)
        defer { releaseLock(vmid, by: upid) }
        guard let vm = world.vms[vmid] else { throw TaskFailure("VM \(vmid) does not exist") }
        if let digest, digest != vm.digest {
            throw TaskFailure("detected modified configuration - file changed by other user? Try again.")
        }
        if let lock = vm.lock { throw TaskFailure("VM is locked (\(lock))") }
        guard let volume = vm.config[disk], !volume.contains("media=cdrom") else { throw TaskFailure("disk '\(disk)' does not exist") }
        let current = DiskSize.of(volume: volume) ?? 0
        let target = relative ? current + bytes : bytes
        if target < current { throw TaskFailure("shrinking disks is not supported") }
        guard target > current else { return }
        try await Task.sleep(for: duration)
        log(upid, "  Size of logical volume pve/vm-\(vmid)-disk-0 changed from \(DiskSize.format(current)) to \(DiskSize.format(target)).")
        update(vmid) { $0.config[disk] = DiskSize.replacingSize(in: volume, with: target) }
    }
}
