import Foundation
import KilnEngine
import KilnTestSupport
import Testing

/// The lock between real processes: `kiln-state-probe` holds a cluster's lock with `StateLock`
/// in a child process, and this process tries to take it.
@Suite("State lock: two processes")
struct StateLockProcessTests {
    /// Starts the probe holding the lock, and waits until its lock info is on disk.
    func startHolder(_ fixture: StateFixture, hold: String) throws -> BackgroundProcess {
        let lockFile = fixture.paths.lockFile
        return try BackgroundProcess(
            try StateProbe.path(), ["hold-lock", fixture.paths.directory, fixture.paths.cluster, "apply", hold],
            logPath: fixture.temporary.file("probe.log"), timeout: .seconds(30),
            ready: { (FileManager.default.contents(atPath: lockFile)?.count ?? 0) > 0 })
    }

    @Test func anotherProcessesLockIsReportedThenTakenAfterItExits() async throws {
        let fixture = try StateFixture()
        let holder = try startHolder(fixture, hold: "1.5")
        let childPID = holder.pid

        await #expect { try await StateLock.acquire(fixture.paths, operation: "plan") } throws: { error in
            guard case LockError.held(_, _, let info?, nil) = error else { return false }
            return info.pid == childPID && info.operation == "apply" && "\(error)".contains("pid \(childPID)")
                && "\(error)".contains("kiln force-unlock \(info.id.uuidString)")
        }
        #expect(StateLock.holder(of: fixture.paths).description.contains("pid \(childPID)"))

        // The child releases after 1.5 s; waiting gets the lock, and nothing was stale.
        let lock = try await StateLock.acquire(fixture.paths, operation: "plan", timeout: .seconds(60))
        #expect(lock.clearedStaleLock == nil && lock.staleLockReport == nil)
        #expect(lock.info.pid == getpid())
        while holder.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(holder.exitStatus == 0)
        #expect(holder.log().contains("released"))
    }

    @Test func aKilledHoldersLockIsStaleAndTakenOverWithAReport() async throws {
        let fixture = try StateFixture()
        let holder = try startHolder(fixture, hold: "forever")
        let childPID = holder.pid
        await #expect(throws: LockError.self) { try await StateLock.acquire(fixture.paths, operation: "plan") }

        // A crash: no release, the lock info stays, the OS drops the flock.
        kill(childPID, SIGKILL)
        while holder.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        guard case .stale(let info) = StateLock.holder(of: fixture.paths) else {
            Issue.record("expected a stale lock, got \(StateLock.holder(of: fixture.paths))")
            return
        }
        #expect(info.pid == childPID && info.holderIsDead)

        await #expect { try await StateLock.acquire(fixture.paths, operation: "plan", stalePolicy: .refuse) } throws: { error in
            "\(error)".contains("stale") && "\(error)".contains("kiln force-unlock \(info.id.uuidString)")
        }
        let lock = try await StateLock.acquire(fixture.paths, operation: "plan")
        #expect(lock.clearedStaleLock?.pid == childPID)
        #expect(lock.staleLockReport?.contains("pid \(childPID)") == true)
    }
}
