import Foundation

/// `POST /lab/vms/{vmid}/import-disk` (`node`, `file`, `storage`, `size` in bytes): what
/// `qm disk import VMID FILE STORAGE` does on a node, for the fake `qm` a test puts on an SSH
/// server's PATH. The lab never reads the file: the caller passes its size. The new volume is
/// `unusedN` until a config edit attaches it, as on PVE.
enum LabDiskImportAPI {
    static var routes: [PVERoute] {
        [PVERoute(.post, "/lab/vms/{vmid}/import-disk", authenticated: false) { request, cluster in
            guard let vmid = Int(request.pathValue("vmid")) else { throw PVEError.parameter("vmid", "not a VMID") }
            var check = ParameterCheck(request)
            let node = check.string("node", required: true)
            let file = check.string("file", required: true)
            let storage = check.string("storage", required: true)
            let size = check.integer("size", required: true, minimum: 0)
            try check.finish()
            guard let file, file.hasPrefix("/") else { throw PVEError.parameter("file", "not an absolute path") }
            let added = try await cluster.importDisk(vmid: vmid, node: node!, file: file, storage: storage!, size: size!)
            return PVEReply(.string(added))
        }]
    }
}

extension ProxmoxCluster {
    /// Adds the imported disk as the next `unusedN` after the import's (scaled) time; answers
    /// `unused0:local-lvm:vm-101-disk-1`, the text `qm` prints after "Successfully imported disk as".
    func importDisk(vmid: Int, node: String, file: String, storage name: String, size: Int) async throws -> String {
        _ = try requireNode(node)
        let storage = try availableStorage(name, on: node)
        guard storage.content.contains("images") else {
            throw PVEError.server("storage '\(name)' does not support content-type 'images'")
        }
        let vm = try vm(vmid, on: node)
        if let lock = vm.lock { throw PVEError.server("VM is locked (\(lock))") }
        try await Task.sleep(for: scaled(config.timings.importDisk))
        guard let now = world.vms[vmid], now.node == node else { throw PVEError.noSuchVM(vmid, node: node) }
        let used = Set(now.config.values.compactMap { value -> Int? in
            guard let range = value.range(of: "vm-\(vmid)-disk-") else { return nil }
            return Int(value[range.upperBound...].prefix { $0.isNumber })
        })
        var number = 0
        while used.contains(number) { number += 1 }
        var slot = 0
        while now.config["unused\(slot)"] != nil { slot += 1 }
        let volume = "\(name):vm-\(vmid)-disk-\(number)"
        update(vmid) { vm in
            vm.config["unused\(slot)"] = volume
            vm.unusedSizes = (vm.unusedSizes ?? [:]).merging([volume: size]) { _, new in new }
        }
        return "unused\(slot):\(volume)"
    }
}

extension VirtualMachine {
    /// Sets a config option. A disk set to a volume that is `unusedN` takes it over as PVE does:
    /// the unused entry goes, and the volume's size joins the disk's line.
    mutating func set(_ key: String, _ value: String) {
        let volume = String(value.split(separator: ",").first ?? "")
        if QemuConfigAPI.privilege(for: key) == "VM.Config.Disk",
           let unused = config.first(where: { $0.key.hasPrefix("unused") && $0.value == volume })?.key {
            config[unused] = nil
            if let size = unusedSizes?.removeValue(forKey: volume), !value.contains("size=") {
                config[key] = "\(value),size=\(DiskSize.format(size))"
            } else {
                config[key] = value
            }
            return
        }
        config[key] = value
    }
}
