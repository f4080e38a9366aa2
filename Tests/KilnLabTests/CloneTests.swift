import Foundation
@testable import KilnLab
import Testing

@Suite("Clones: tasks, the new VM's lock, the template's lock")
struct CloneTests {
    @Test("Clone returns a UPID; the VM shows lock 'clone' while copying and none after")
    func cloneLifecycle() async throws {
        // Long enough that the checks below land during the copy, even on a busy machine.
        try await withLab(LabHarness.config(clone: 3.0)) { lab in
            let reply = try await lab.call(.post, "/nodes/lab/qemu/9000/clone",
                                           form: ["newid": "101", "name": "cp-1", "full": "1", "pool": "kiln"])
            let upid = try #require(reply.data.string)
            let parsed = try #require(UPID(upid))
            #expect(parsed.node == "lab" && parsed.type == "qmclone" && parsed.id == "9000" && parsed.user == "root@pam!kiln")
            #expect(upid.range(of: #"^UPID:lab:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:9000:root@pam!kiln:$"#,
                               options: .regularExpression) != nil)

            // While the task runs: the VM exists, locked.
            var during: JSON?
            for _ in 0..<50 where during == nil {
                during = try await lab.resource(101)
                if during == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(during?["lock"] == "clone")
            #expect(try await lab.get("/nodes/lab/tasks/\(LabHarness.encode(upid))/status").data["status"] == "running")
            let locked = try await lab.call(.put, "/nodes/lab/qemu/101/config", form: ["memory": "4096"])
            #expect(locked.status == 500)
            #expect(locked.reason == "VM is locked (clone)")

            let status = try await lab.waitForTask(upid)
            #expect(status["exitstatus"] == "OK")
            let after = try #require(try await lab.resource(101))
            #expect(after["lock"] == nil)
            #expect(after["name"] == "cp-1")
            #expect(after["pool"] == "kiln")
            let log = try await lab.taskLog(upid)
            #expect(log.first?.hasPrefix("create full clone of drive scsi0") == true)
            #expect(log.last == "TASK OK")

            let again = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101"])
            #expect(again.status == 500)
            #expect(again.reason == "VM 101 already exists")
        }
    }

    @Test("A second clone of the same template waits for the template's lock, then runs")
    func parallelClonesWait() async throws {
        try await withLab(LabHarness.config(clone: 0.5, lockTimeout: 10)) { lab in
            let firstUPID = try #require(try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1"]).data.string)
            try await waitUntilCopying(lab, 101)
            let secondUPID = try #require(try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "102", "full": "1"]).data.string)

            let firstStatus = try await lab.waitForTask(firstUPID)
            let secondStatus = try await lab.waitForTask(secondUPID)
            #expect(firstStatus["exitstatus"] == "OK")
            #expect(secondStatus["exitstatus"] == "OK")
            let secondLog = try await lab.taskLog(secondUPID)
            #expect(secondLog.first == "trying to acquire lock...")
            // It copied only after the first finished.
            #expect((secondStatus["endtime"]?.int ?? 0) >= (firstStatus["endtime"]?.int ?? .max))
            #expect(try await lab.resource(102) != nil)
        }
    }

    @Test("With a short lock timeout the second clone's task fails with PVE's lock message and creates nothing")
    func parallelClonesTimeOut() async throws {
        try await withLab(LabHarness.config(clone: 1.0, lockTimeout: 0.2)) { lab in
            let first = try #require(try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1"]).data.string)
            try await waitUntilCopying(lab, 101)
            let second = try #require(try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "102", "full": "1"]).data.string)

            let failed = try await lab.waitForTask(second)
            let message = "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout"
            #expect(failed["exitstatus"] == .string(message))
            #expect(try await lab.taskLog(second).last == "TASK ERROR: \(message)")
            #expect(try await lab.resource(102) == nil)

            #expect(try await lab.waitForTask(first)["exitstatus"] == "OK")
            // The lock was released: a new clone goes through.
            #expect(try await lab.cloneAndWait(102)["exitstatus"] == "OK")
        }
    }

    /// Waits until the clone to `vmid` holds the template's lock (its VM exists, locked).
    private func waitUntilCopying(_ lab: LabHarness, _ vmid: Int) async throws {
        for _ in 0..<500 {
            if await lab.cluster.virtualMachine(vmid)?.lock == "clone" { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw HarnessError(description: "the clone to \(vmid) never started copying")
    }

    @Test("Clone checks storage, pool and target node like PVE")
    func cloneValidation() async throws {
        var config = LabHarness.config()
        config.nodes.append(.init(name: "lab2"))
        try await withLab(config) { lab in
            let storage = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1", "storage": "nope"])
            #expect(storage.status == 500)
            #expect(storage.reason == "storage 'nope' does not exist")
            let pool = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "pool": "nope"])
            #expect(pool.reason == "pool 'nope' does not exist")
            let target = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1", "target": "lab2"])
            #expect(target.status == 500)
            #expect(target.reason.contains("local storage"))
            #expect(await lab.cluster.virtualMachine(101) == nil)
        }
    }
}
