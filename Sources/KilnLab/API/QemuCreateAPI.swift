import Foundation

/// `POST /nodes/{node}/qemu`: a new VM from parameters, its disks new (`local-lvm:32`) or imported
/// from a downloaded image (`local-lvm:0,import-from=local:import/talos.raw`), as a `qmcreate` task.
enum QemuCreateAPI {
    static var routes: [PVERoute] {
        [PVERoute(.post, "/nodes/{node}/qemu", startsTask: true) { request, cluster in
            var check = ParameterCheck(request)
            let vmid = check.vmid("vmid", required: true)
            let pool = check.string("pool")
            let start = check.boolean("start") ?? false
            check.accept("storage", "unique", "import-working-storage", "description")
            var settings: [String: String] = [:]
            for (key, value) in request.parameters where QemuConfigAPI.privilege(for: key) != nil {
                check.accept(key)
                if let problem = QemuConfigAPI.validate(key, value) { check.fail(key, problem) } else { settings[key] = value }
            }
            if let description = request.parameters["description"] { settings["description"] = description }
            try check.finish()
            return try await cluster.createVM(node: request.pathValue("node"), vmid: vmid!, pool: pool, start: start,
                                              settings: settings, caller: try request.caller)
        }]
    }
}

/// One disk of a create request, resolved: the volume string the config gets, and the image it
/// copies, if any.
struct PlannedDisk: Sendable {
    var key: String
    var volume: String
    var importFrom: StoredVolume?
}

extension ProxmoxCluster {
    func createVM(node: String, vmid: Int, pool: String?, start: Bool, settings: [String: String],
                  caller: Identity) throws -> PVEReply {
        _ = try requireNode(node)
        try caller.privileges.require("VM.Allocate", on: pool.map { "/pool/\($0)" } ?? "/vms/\(vmid)")
        if isUsed(vmid) {
            let owner = world.vms[vmid]?.node ?? node
            throw PVEError.server("VM \(vmid) already exists on node '\(owner)'")
        }
        if let pool, !config.pools.contains(pool) { throw PVEError.server("pool '\(pool)' does not exist") }
        var vmConfig: [String: String] = [:]
        var disks: [PlannedDisk] = []
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            if QemuConfigAPI.privilege(for: key) == "VM.Config.Disk" {
                let disk = try planDisk(key, value, vmid: vmid, node: node, number: disks.filter { $0.volume.contains(":vm-\(vmid)-disk-") }.count, caller: caller)
                disks.append(disk)
                vmConfig[key] = disk.volume
            } else {
                vmConfig[key] = QemuConfigAPI.normalize(key, value)
            }
        }
        vmConfig["vmgenid"] = UUID().uuidString.lowercased()
        let planned = disks
        let imports = disks.compactMap(\.importFrom)
        let duration = scaled(config.timings.create + (imports.isEmpty ? 0 : config.timings.importDisk))
        let vm = VirtualMachine(vmid: vmid, node: node, pool: pool, lock: "create", config: vmConfig)
        let upid = startTask(node: node, type: "qmcreate", id: String(vmid), user: caller.description, reserving: vmid) { cluster, upid in
            try await cluster.runCreate(vm, disks: planned, start: start, duration: duration, upid: upid)
        }
        return PVEReply(.string(upid.description))
    }

    private func runCreate(_ vm: VirtualMachine, disks: [PlannedDisk], start: Bool, duration: Duration, upid: UPID) async throws {
        guard world.vms[vm.vmid] == nil else { throw TaskFailure("unable to create VM \(vm.vmid): config file already exists") }
        insert(vm)
        for disk in disks.sorted(by: { $0.key < $1.key }) {
            let target = disk.volume.split(separator: ",")[0]
            if let source = disk.importFrom {
                log(upid, "importing disk '\(source.volid)' to VM \(vm.vmid) ...")
                log(upid, "  Logical volume \"\(target.split(separator: ":").last ?? "")\" created.")
                log(upid, "transferred \(DiskSize.format(source.size)) of \(DiskSize.format(source.size)) (100.00%)")
            } else if !disk.volume.contains("media=cdrom") {
                log(upid, "  Logical volume \"\(target.split(separator: ":").last ?? "")\" created.")
            }
        }
        try await Task.sleep(for: duration)
        update(vm.vmid) { vm in
            vm.lock = nil
            if start {
                vm.status = "running"
                vm.startedAt = Date()
            }
        }
    }

    /// `local-lvm:32` → a new 32 GiB disk; `local-lvm:0,import-from=VOLID` → a copy of the image;
    /// `local-lvm:cloudinit` → the cloud-init drive; an existing volume or `none`/`cdrom` as given.
    private func planDisk(_ key: String, _ value: String, vmid: Int, node: String, number: Int, caller: Identity) throws -> PlannedDisk {
        var parts = value.split(separator: ",").map(String.init)
        guard !parts.isEmpty else { throw PVEError.parameter(key, "invalid format - empty drive") }
        let fileIndex = parts.firstIndex { !$0.contains("=") || $0.hasPrefix("file=") || $0.hasPrefix("volume=") } ?? 0
        let file = parts[fileIndex].split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
        let importFrom = parts.first { $0.hasPrefix("import-from=") }.map { String($0.dropFirst("import-from=".count)) }
        parts.removeAll { $0.hasPrefix("import-from=") || $0.hasPrefix("size=") }
        parts.remove(at: min(fileIndex, parts.count - 1))
        let pieces = file.split(separator: ":", maxSplits: 1).map(String.init)
        if pieces.count == 2, pieces[1] == "cloudinit" {
            let storage = try availableStorage(pieces[0], on: node)
            return PlannedDisk(key: key, volume: "\(storage.name):vm-\(vmid)-cloudinit,media=cdrom", importFrom: nil)
        }
        guard pieces.count == 2, let gib = Double(pieces[1]) else {
            if importFrom != nil {
                throw PVEError.parameter(key, "'import-from' requires special syntax - use <storage ID>:0,import-from=<source>")
            }
            return PlannedDisk(key: key, volume: value, importFrom: nil)
        }
        let storage = try availableStorage(pieces[0], on: node)
        guard storage.content.contains("images") else {
            throw PVEError.server("storage '\(storage.name)' does not support content-type 'images'")
        }
        try caller.privileges.require("Datastore.AllocateSpace", on: "/storage/\(storage.name)")
        var source: StoredVolume?
        var bytes = Int(gib * Double(1 << 30))
        if let importFrom {
            guard gib == 0 else {
                throw PVEError.parameter(key, "'import-from' requires special syntax - use <storage ID>:0,import-from=<source>")
            }
            guard let found = world.volumes[importFrom], found.isVisible(on: node) else {
                throw PVEError.server("volume '\(importFrom)' does not exist")
            }
            guard ["images", "import"].contains(found.content) else {
                throw PVEError.server("volume '\(importFrom)' has wrong type '\(found.content)' - needs to be 'images' or 'import'")
            }
            source = found
            bytes = found.size
        }
        let volume = (["\(storage.name):vm-\(vmid)-disk-\(number)"] + parts + ["size=\(DiskSize.format(bytes))"]).joined(separator: ",")
        return PlannedDisk(key: key, volume: volume, importFrom: source)
    }
}
