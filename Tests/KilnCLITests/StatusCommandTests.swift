import Foundation
import KilnEngine
import KilnTestSupport
import Testing

/// `kiln status` and `kiln force-unlock` through the real binary.
@Suite struct StatusCommandTests {
    @Test func statusShowsTheStateOnOneScreen() async throws {
        let fixture = try await StateFixture.make()
        let store = try await fixture.reopen()
        let serial = await store.serial, lineage = await store.lineage
        let result = try fixture.kiln(["status", Kiln.labPlan])
        #expect(result.status == 0, "\(result.combined)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Cluster    lab")
        #expect(lines.contains("State      \(fixture.paths.stateFile)"))
        #expect(lines.contains("Serial     \(serial) (lineage \(lineage.uuidString))"))
        #expect(lines.contains("Resources  2"))
        #expect(lines.contains("Pending    1 unfinished operation; the next apply adopts it:"))
        #expect(lines.contains { $0.hasPrefix("           proxmox_vm.lab-cp-1: update started ") && $0.hasSuffix(", step configured, ids vmid=1011") })
        #expect(lines.last == "Lock       not locked")
    }

    @Test func statusNamesTheLockHolder() async throws {
        let fixture = try await StateFixture.make()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        defer { lock.release() }
        let result = try fixture.kiln(["status", Kiln.labPlan])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Lock       locked: `apply` by \(HostIdentity.user)@\(HostIdentity.host) (pid \(getpid()))"))
        #expect(result.stdout.contains("kiln force-unlock \(lock.info.id.uuidString)"))
    }

    @Test func statusAsJSON() async throws {
        let fixture = try await StateFixture.make()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        defer { lock.release() }
        let result = try fixture.kiln(["status", "--json", Kiln.labPlan])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 1)
        #expect(object?["resources"] as? Int == 2)
        #expect((object?["pending"] as? [[String: Any]])?.first?["step"] as? String == "configured")
        let lockObject = object?["lock"] as? [String: Any]
        #expect(lockObject?["state"] as? String == "held")
        #expect((lockObject?["holder"] as? [String: Any])?["id"] as? String == lock.info.id.uuidString)
    }

    @Test func statusWithoutStateStillShowsTheLock() async throws {
        let empty = try TemporaryDirectory()
        let home = try TemporaryDirectory()
        let result = try Kiln.binary(["status", Kiln.labPlan, "--state-dir", empty.path], home: home.path)
        #expect(result.status == 0)
        #expect(result.stdout == """
            Cluster  lab
            State    none: no state yet for cluster lab at \(empty.path)/lab.json
            Lock     not locked

            """)
    }

    @Test func staleLockShowsTheForceUnlockHintAndForceUnlockClearsIt() async throws {
        let fixture = try await StateFixture.make()
        let id = UUID()
        try writeLockInfo(id: id, pid: deadPID(), to: fixture.paths.lockFile)

        let status = try fixture.kiln(["status", Kiln.labPlan])
        #expect(status.stdout.contains("Lock       stale lock: `apply` by"))
        #expect(status.stdout.contains("kiln force-unlock \(id.uuidString)"))

        let wrong = try fixture.kiln(["force-unlock", Kiln.labPlan, UUID().uuidString])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("is not the lock of cluster `lab`"))
        #expect(FileManager.default.fileExists(atPath: fixture.paths.lockFile))

        let unlock = try fixture.kiln(["force-unlock", Kiln.labPlan, id.uuidString])
        #expect(unlock.status == 0, "\(unlock.combined)")
        #expect(unlock.stdout.hasPrefix("Unlocked the state of cluster lab: removed the lock `apply` by"))
        #expect(try fixture.kiln(["status", Kiln.labPlan]).stdout.hasSuffix("Lock       not locked\n"))
    }

    @Test func forceUnlockRefusesALiveHolder() async throws {
        let fixture = try await StateFixture.make()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        defer { lock.release() }
        let result = try fixture.kiln(["force-unlock", Kiln.labPlan, lock.info.id.uuidString])
        #expect(result.status == 1)
        #expect(result.stderr.contains("force-unlock would let two runs write state at once"))
    }

    /// Lock info as a holder that died would have left it (no process holds the OS lock).
    private func writeLockInfo(id: UUID, pid: Int32, to path: String) throws {
        let json = """
            {"created":"2026-11-26T02:55:20Z","host":"\(HostIdentity.host)","id":"\(id.uuidString)",\
            "operation":"apply","pid":\(pid),"user":"\(HostIdentity.user)"}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A pid that no process has: a child that already exited and was reaped.
    private func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
