import Foundation
@testable import KilnLab
import Testing

@Suite("download-url, storage content, and VMs created with import-from")
struct DownloadAndImportTests {
    static let url = "https://factory.talos.dev/image/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba/v1.11.0/nocloud-amd64.raw"

    func config(images: [LabImage]? = nil) -> LabConfig {
        var config = LabHarness.config()
        config.nodes.append(.init(name: "lab2"))
        config.timings.download = 0.1
        config.timings.create = 0.05
        config.timings.importDisk = 0.05
        config.labImages = images
        return config
    }

    /// Downloads `filename` to `local` on `node` and waits for the task.
    func download(_ lab: LabHarness, _ filename: String = "talos-1.11.0.raw", url: String = url, node: String = "lab") async throws -> JSON {
        let reply = try await lab.call(.post, "/nodes/\(node)/storage/local/download-url",
                                       form: ["content": "import", "filename": filename, "url": url, "verify-certificates": "1"])
        let upid = try #require(reply.data.string, "\(reply.status) \(reply.reason)")
        #expect(upid.contains(":download:\(filename):"))
        return try await lab.waitForTask(upid)
    }

    @Test("A download is a task; the volume then shows in content=import with volid, format, size, ctime; DELETE removes it")
    func downloadListDelete() async throws {
        try await withLab(config(images: [LabImage(url: Self.url, sizeMiB: 1200)])) { lab async throws in
            #expect(try await download(lab)["exitstatus"] == "OK")
            let listed = try await lab.get("/nodes/lab/storage/local/content?content=import").data.array ?? []
            let volume = try #require(listed.first)
            #expect(listed.count == 1)
            #expect(volume["volid"] == "local:import/talos-1.11.0.raw")
            #expect(volume["format"] == "raw")
            #expect(volume["size"] == .int(1200 << 20))
            #expect((volume["ctime"]?.int ?? 0) > 1_700_000_000)
            // `local` is per node: the other node does not see it.
            #expect(try await lab.get("/nodes/lab2/storage/local/content?content=import").data.array?.isEmpty == true)

            let again = try await download(lab)
            #expect(again["exitstatus"] == "refusing to override existing file '/var/lib/vz/import/talos-1.11.0.raw'")

            let delete = try await lab.call(.delete, "/nodes/lab/storage/local/content/\(LabHarness.encode("local:import/talos-1.11.0.raw"))")
            #expect(try await lab.waitForTask(try #require(delete.data.string))["exitstatus"] == "OK")
            #expect(try await lab.get("/nodes/lab/storage/local/content?content=import").data.array?.isEmpty == true)
            let gone = try await lab.call(.delete, "/nodes/lab/storage/local/content/import%2Ftalos-1.11.0.raw")
            #expect(gone.reason == "volume 'local:import/talos-1.11.0.raw' does not exist")
        }
    }

    @Test("An URL the lab's image list does not have fails the task with a 404 in its log")
    func unknownURL() async throws {
        try await withLab(config(images: [LabImage(url: Self.url)])) { lab async throws in
            let status = try await download(lab, url: "https://factory.talos.dev/image/nope/v1.11.0/nocloud-amd64.raw")
            #expect(status["exitstatus"] == "download failed: 404 Not Found")
            #expect(try await lab.get("/nodes/lab/storage/local/content?content=import").data.array?.isEmpty == true)
        }
    }

    @Test("Download refusals as PVE words them: block storage, wrong extension, decompression of an import")
    func refusals() async throws {
        try await withLab(config()) { lab async throws in
            let lvm = try await lab.call(.post, "/nodes/lab/storage/local-lvm/download-url",
                                         form: ["content": "import", "filename": "t.raw", "url": Self.url])
            #expect(lvm.status == 500)
            #expect(lvm.reason == "can't upload to storage type 'lvmthin', not a file based storage!")
            let img = try await lab.call(.post, "/nodes/lab/storage/local/download-url",
                                         form: ["content": "import", "filename": "noble.img", "url": Self.url])
            #expect(img.status == 400)
            #expect(img.json["errors"]?["filename"] == "invalid filename or wrong extension")
            let xz = try #require(try await lab.call(.post, "/nodes/lab/storage/local/download-url",
                                                     form: ["content": "import", "filename": "t.raw", "url": Self.url + ".gz", "compression": "gz"]).data.string)
            #expect(try await lab.waitForTask(xz)["exitstatus"] == "decompression not supported for import")
        }
    }

    @Test("POST /nodes/{node}/qemu with import-from makes a VM whose disk is a copy of the image, with the usual settings")
    func createWithImport() async throws {
        try await withLab(config(images: [LabImage(url: Self.url, sizeMiB: 1024)])) { lab async throws in
            _ = try await download(lab)
            let create = try await lab.call(.post, "/nodes/lab/qemu", form: [
                "vmid": "120", "name": "cp-1", "cores": "2", "sockets": "1", "memory": "4096", "cpu": "x86-64-v2-AES",
                "net0": "virtio,bridge=vmbr0,tag=20", "ipconfig0": "ip=10.0.0.21/24,gw=10.0.0.1", "nameserver": "10.0.0.1",
                "searchdomain": "lab.example", "tags": "kiln;demo", "onboot": "1", "agent": "enabled=1", "pool": "kiln",
                "description": "kiln: cluster demo", "serial0": "socket", "scsihw": "virtio-scsi-single", "boot": "order=scsi0",
                "scsi0": "local-lvm:0,import-from=local:import/talos-1.11.0.raw,discard=on", "ide2": "local-lvm:cloudinit",
            ])
            let upid = try #require(create.data.string, "\(create.status) \(create.reason) \(create.json)")
            #expect(upid.contains(":qmcreate:120:"))
            #expect(try await lab.waitForTask(upid)["exitstatus"] == "OK")
            #expect(try await lab.taskLog(upid).contains("importing disk 'local:import/talos-1.11.0.raw' to VM 120 ..."))
            let config = try await lab.get("/nodes/lab/qemu/120/config").data
            #expect(config["scsi0"] == "local-lvm:vm-120-disk-0,discard=on,size=1G")
            #expect(config["ide2"] == "local-lvm:vm-120-cloudinit,media=cdrom")
            #expect(config["description"] == "kiln: cluster demo")
            #expect(config["cpu"] == "x86-64-v2-AES")
            #expect(config["onboot"] == 1)
            #expect(config["agent"] == "enabled=1")
            #expect(config["net0"]?.string?.hasPrefix("virtio=BC:24:11:") == true)
            let resource = try #require(try await lab.resource(120))
            #expect(resource["pool"] == "kiln" && resource["maxdisk"] == .int(1 << 30) && resource["lock"] == nil)
        }
    }

    @Test("import-from needs an existing image the node sees, on STORAGE:0, and a target storage the node has")
    func createRefusals() async throws {
        var config = config()
        config.storages.append(.init(name: "fast", shared: false, nodes: ["lab2"]))
        try await withLab(config) { lab async throws in
            _ = try await download(lab)
            let missing = try await lab.call(.post, "/nodes/lab/qemu", form: ["vmid": "120", "scsi0": "local-lvm:0,import-from=local:import/nope.raw"])
            #expect(missing.status == 500)
            #expect(missing.reason == "volume 'local:import/nope.raw' does not exist")
            let otherNode = try await lab.call(.post, "/nodes/lab2/qemu", form: ["vmid": "120", "scsi0": "fast:0,import-from=local:import/talos-1.11.0.raw"])
            #expect(otherNode.reason == "volume 'local:import/talos-1.11.0.raw' does not exist")
            let sized = try await lab.call(.post, "/nodes/lab/qemu", form: ["vmid": "120", "scsi0": "local-lvm:10,import-from=local:import/talos-1.11.0.raw"])
            #expect(sized.status == 400)
            #expect(sized.json["errors"]?["scsi0"] == "'import-from' requires special syntax - use <storage ID>:0,import-from=<source>")
            let storage = try await lab.call(.post, "/nodes/lab/qemu", form: ["vmid": "120", "scsi0": "fast:0,import-from=local:import/talos-1.11.0.raw"])
            #expect(storage.reason == "storage 'fast' is not available on node 'lab'")
            let taken = try await lab.call(.post, "/nodes/lab/qemu", form: ["vmid": "9000", "scsi0": "local-lvm:4"])
            #expect(taken.reason == "VM 9000 already exists on node 'lab'")
            #expect(await lab.cluster.virtualMachine(120) == nil)
        }
    }

    @Test("/version answers 9.1.x unless the config says otherwise")
    func version() async throws {
        try await withLab { lab async throws in
            #expect(try await lab.get("/version").data["version"]?.string?.hasPrefix("9.1.") == true)
        }
    }
}
