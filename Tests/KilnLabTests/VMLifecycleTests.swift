import Foundation
@testable import KilnLab
import Testing

@Suite("A VM's life: config with digest, resize, power, guest agent, delete")
struct VMLifecycleTests {
    @Test("Config GET returns a digest; PUT with it works, PUT with a stale one is refused")
    func configDigest() async throws {
        try await withLab { lab in
            try await lab.cloneAndWait(101, name: "cp-1")
            let before = try await lab.get("/nodes/lab/qemu/101/config").data
            let digest = try #require(before["digest"]?.string)
            #expect(digest.count == 40)
            #expect(before["cores"] == 2)
            #expect(before["name"] == "cp-1")

            let ok = try await lab.call(.put, "/nodes/lab/qemu/101/config", form: [
                "digest": digest, "memory": "4096", "tags": "kiln,kiln-demo", "ipconfig0": "ip=10.0.0.11/24,gw=10.0.0.1",
                "net0": "virtio,bridge=vmbr0,tag=20", "onboot": "1", "agent": "1",
            ])
            #expect(ok.status == 200)
            #expect(ok.data == .null)
            let after = try await lab.get("/nodes/lab/qemu/101/config").data
            #expect(after["memory"] == "4096")
            #expect(after["tags"] == "kiln;kiln-demo")
            #expect(after["net0"]?.string?.hasPrefix("virtio=BC:24:11:") == true)
            #expect(after["digest"] != before["digest"])

            let stale = try await lab.call(.put, "/nodes/lab/qemu/101/config", form: ["digest": digest, "cores": "4"])
            #expect(stale.status == 500)
            #expect(stale.reason == "detected modified configuration - file changed by other user? Try again.")
            #expect(try await lab.get("/nodes/lab/qemu/101/config").data["cores"] == 2)

            let invalid = try await lab.call(.put, "/nodes/lab/qemu/101/config", form: ["cores": "many", "bogus": "1"], malformed: true)
            #expect(invalid.status == 400)
            #expect(invalid.json["errors"]?["cores"] != nil)
            #expect(invalid.json["errors"]?["bogus"] != nil)

            let summary = try #require(try await lab.resource(101))
            #expect(summary["maxmem"] == .int(4096 << 20))
            #expect(summary["tags"] == "kiln;kiln-demo")
        }
    }

    @Test("POST config runs as a task: it applies the change, and a stale digest fails the task")
    func asyncConfig() async throws {
        try await withLab { lab in
            try await lab.cloneAndWait(101)
            let digest = try #require(try await lab.get("/nodes/lab/qemu/101/config").data["digest"]?.string)
            let upid = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/config",
                                                       form: ["digest": digest, "cores": "4", "delete": "agent"]).data.string)
            #expect(upid.contains(":qmconfig:101:"))
            #expect(try await lab.waitForTask(upid)["exitstatus"] == "OK")
            let config = try await lab.get("/nodes/lab/qemu/101/config").data
            #expect(config["cores"] == 4)
            #expect(config["agent"] == nil)

            let stale = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/config", form: ["digest": digest, "cores": "8"]).data.string)
            #expect(try await lab.waitForTask(stale)["exitstatus"] == "detected modified configuration - file changed by other user? Try again.")
            #expect(try await lab.get("/nodes/lab/qemu/101/config").data["cores"] == 4)
        }
    }

    @Test("Storage content lists the template's and the clone's disks")
    func storageContent() async throws {
        try await withLab { lab in
            try await lab.cloneAndWait(101)
            let volumes = try await lab.get("/nodes/lab/storage/local-lvm/content?content=images").data.array ?? []
            #expect(Set(volumes.compactMap { $0["volid"]?.string }) == ["local-lvm:base-9000-disk-0", "local-lvm:vm-101-disk-0"])
            #expect(volumes.first { $0["vmid"] == 101 }?["size"] == .int(10 << 30))
            let missing = try await lab.get("/nodes/lab/storage/nope/content")
            #expect(missing.status == 500)
            #expect(missing.reason == "storage 'nope' does not exist")
        }
    }

    @Test("Resize grows a disk in a task; a shrink makes the task fail")
    func resize() async throws {
        try await withLab { lab in
            try await lab.cloneAndWait(101)
            let grow = try #require(try await lab.call(.put, "/nodes/lab/qemu/101/resize", form: ["disk": "scsi0", "size": "+2G"]).data.string)
            #expect(try await lab.waitForTask(grow)["exitstatus"] == "OK")
            #expect(try await lab.get("/nodes/lab/qemu/101/config").data["scsi0"]?.string?.hasSuffix("size=12G") == true)

            let absolute = try #require(try await lab.call(.put, "/nodes/lab/qemu/101/resize", form: ["disk": "scsi0", "size": "20G"]).data.string)
            #expect(try await lab.waitForTask(absolute)["exitstatus"] == "OK")
            #expect(try await lab.resource(101)?["maxdisk"] == .int(20 << 30))

            let shrink = try #require(try await lab.call(.put, "/nodes/lab/qemu/101/resize", form: ["disk": "scsi0", "size": "5G"]).data.string)
            #expect(try await lab.waitForTask(shrink)["exitstatus"] == "shrinking disks is not supported")
            #expect(try await lab.resource(101)?["maxdisk"] == .int(20 << 30))

            let malformed = try await lab.call(.put, "/nodes/lab/qemu/101/resize", form: ["disk": "scsi0", "size": "big"], malformed: true)
            #expect(malformed.status == 400)
            #expect(malformed.json["errors"]?["size"] != nil)
        }
    }

    @Test("Start and stop are tasks; starting a running VM is OK with 'already running'; the agent answers only when enabled and running")
    func startStop() async throws {
        try await withLab { lab in
            try await lab.cloneAndWait(101)
            let agentStopped = try await lab.get("/nodes/lab/qemu/101/agent/network-get-interfaces")
            #expect(agentStopped.status == 500)
            #expect(agentStopped.reason == "QEMU guest agent is not running")

            let start = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/status/start").data.string)
            #expect(start.contains(":qmstart:101:"))
            #expect(try await lab.waitForTask(start)["exitstatus"] == "OK")
            #expect(try await lab.get("/nodes/lab/qemu/101/status/current").data["status"] == "running")
            #expect(try await lab.resource(101)?["status"] == "running")

            let again = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/status/start").data.string)
            #expect(try await lab.waitForTask(again)["exitstatus"] == "OK")
            #expect(try await lab.taskLog(again).contains("VM 101 already running"))

            // Agent disabled (the template's default): still "not running".
            #expect(try await lab.get("/nodes/lab/qemu/101/agent/network-get-interfaces").status == 500)
            _ = try await lab.call(.put, "/nodes/lab/qemu/101/config", form: ["agent": "1", "ipconfig0": "ip=10.0.0.11/24,gw=10.0.0.1"])
            let agent = try await lab.get("/nodes/lab/qemu/101/agent/network-get-interfaces")
            #expect(agent.status == 200)
            let addresses = agent.data["result"]?.array?.flatMap { $0["ip-addresses"]?.array ?? [] } ?? []
            #expect(addresses.contains { $0["ip-address"] == "10.0.0.11" })

            let shutdown = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/status/shutdown").data.string)
            #expect(shutdown.contains(":qmshutdown:101:"))
            #expect(try await lab.waitForTask(shutdown)["exitstatus"] == "OK")
            #expect(try await lab.get("/nodes/lab/qemu/101/status/current").data["status"] == "stopped")

            let stop = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/status/stop").data.string)
            #expect(try await lab.waitForTask(stop)["exitstatus"] == "OK")
            #expect(try await lab.taskLog(stop).contains("VM 101 not running"))
            #expect(try await lab.get("/nodes/lab/qemu/101/status/current").data["status"] == "stopped")

            let template = try await lab.call(.post, "/nodes/lab/qemu/9000/status/start")
            #expect(template.status == 500)
            #expect(template.reason == "you can't start a vm if it's a template")
        }
    }

    @Test("Delete refuses a running VM, then removes a stopped one; afterwards it does not exist")
    func delete() async throws {
        try await withLab { lab in
            try await lab.cloneAndWait(101)
            let start = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/status/start").data.string)
            _ = try await lab.waitForTask(start)
            let running = try await lab.call(.delete, "/nodes/lab/qemu/101?purge=1&destroy-unreferenced-disks=1")
            #expect(running.status == 500)
            #expect(running.reason == "VM 101 is running - destroy failed")

            let stop = try #require(try await lab.call(.post, "/nodes/lab/qemu/101/status/stop").data.string)
            _ = try await lab.waitForTask(stop)
            let delete = try #require(try await lab.call(.delete, "/nodes/lab/qemu/101?purge=1&destroy-unreferenced-disks=1").data.string)
            #expect(delete.contains(":qmdestroy:101:"))
            #expect(try await lab.waitForTask(delete)["exitstatus"] == "OK")
            #expect(try await lab.resource(101) == nil)
            let gone = try await lab.get("/nodes/lab/qemu/101/config")
            #expect(gone.status == 500)
            #expect(gone.reason == "Configuration file 'nodes/lab/qemu-server/101.conf' does not exist")
        }
    }
}
