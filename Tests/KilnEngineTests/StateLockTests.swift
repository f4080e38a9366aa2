import Foundation
import KilnEngine
import Testing

@Suite("State lock: one process")
struct StateLockTests {
    /// No process has this pid: Linux pids stop at 2^22.
    static let deadPID: Int32 = 2_000_000_000

    func writeLockInfo(_ fixture: StateFixture, _ info: LockInfo) throws {
        try FileManager.default.createDirectory(atPath: fixture.paths.directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(info).write(to: URL(fileURLWithPath: fixture.paths.lockFile))
    }

    @Test func theLockFileNamesTheHolderIsPrivateAndGoesAwayOnRelease() async throws {
        let fixture = try StateFixture()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        #expect(lock.clearedStaleLock == nil)
        #expect(fixture.mode(fixture.paths.lockFile) == 0o600)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let info = try decoder.decode(LockInfo.self, from: Data(try #require(fixture.bytes(fixture.paths.lockFile))))
        #expect(info == lock.info)
        #expect(info.operation == "apply" && info.pid == getpid() && info.user == HostIdentity.user && info.host == HostIdentity.host)
        #expect(StateLock.holder(of: fixture.paths) == .held(lock.info))

        lock.release()
        lock.release()
        #expect(fixture.snapshot(fixture.paths.lockFile) == nil)
        #expect(StateLock.holder(of: fixture.paths) == .free)
    }

    @Test func aSecondAcquireFailsAtOnceNamingTheHolder() async throws {
        let fixture = try StateFixture()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        await #expect { try await StateLock.acquire(fixture.paths, operation: "plan") } throws: { error in
            guard case LockError.held(_, _, let holder, let waited) = error else { return false }
            let text = "\(error)"
            return holder == lock.info && waited == nil && text.contains("`apply`") && text.contains("pid \(getpid())")
                && text.contains("\(HostIdentity.user)@\(HostIdentity.host)") && text.contains(lock.info.id.uuidString)
                && text.contains("kiln force-unlock \(lock.info.id.uuidString)")
        }
        withExtendedLifetime(lock) {}
    }

    @Test func droppingTheLockReleasesIt() async throws {
        let fixture = try StateFixture()
        do { _ = try await StateLock.acquire(fixture.paths, operation: "apply") }
        let again = try await StateLock.acquire(fixture.paths, operation: "apply")
        #expect(again.clearedStaleLock == nil)
    }

    @Test func acquireWaitsUpToTheTimeoutForARelease() async throws {
        let fixture = try StateFixture()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        let releaser = Task {
            try await Task.sleep(for: .milliseconds(300))
            lock.release()
        }
        let second = try await StateLock.acquire(fixture.paths, operation: "plan", timeout: .seconds(30))
        #expect(second.info.operation == "plan" && second.clearedStaleLock == nil)
        try await releaser.value
    }

    @Test func waitingEndsAtTheTimeoutSayingHowLongItWaited() async throws {
        let fixture = try StateFixture()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        await #expect { try await StateLock.acquire(fixture.paths, operation: "plan", timeout: .milliseconds(200)) } throws: { error in
            guard case LockError.held(_, _, _, let waited?) = error else { return false }
            return waited >= .milliseconds(200) && "\(error)".contains("waited")
        }
        withExtendedLifetime(lock) {}
    }

    @Test func waitingIsCancellable() async throws {
        let fixture = try StateFixture()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        let waiter = Task { try await StateLock.acquire(fixture.paths, operation: "plan", timeout: .seconds(600)) }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        withExtendedLifetime(lock) {}
    }

    @Test func aStaleLockIsDetectedAndTakenOverWithAReport() async throws {
        let fixture = try StateFixture()
        let stale = LockInfo(operation: "apply", user: "ci", host: HostIdentity.host, pid: Self.deadPID,
                             created: Date(timeIntervalSince1970: 1_750_000_000))
        try writeLockInfo(fixture, stale)
        #expect(StateLock.holder(of: fixture.paths) == .stale(stale))
        #expect(StateLock.holder(of: fixture.paths).description.contains("kiln force-unlock \(stale.id.uuidString)"))

        let lock = try await StateLock.acquire(fixture.paths, operation: "plan")
        #expect(lock.clearedStaleLock == stale)
        #expect(StateLock.holder(of: fixture.paths) == .held(lock.info))
    }

    @Test func withTheRefusePolicyAStaleLockIsAnErrorWithTheForceUnlockFix() async throws {
        let fixture = try StateFixture()
        let stale = LockInfo(operation: "apply", pid: Self.deadPID)
        try writeLockInfo(fixture, stale)
        let before = fixture.snapshot(fixture.paths.lockFile)
        await #expect { try await StateLock.acquire(fixture.paths, operation: "plan", stalePolicy: .refuse) } throws: { error in
            guard case LockError.stale(_, _, let holder) = error else { return false }
            let text = "\(error)"
            return holder == stale && text.contains("stale") && text.contains("pid \(Self.deadPID)")
                && text.contains("kiln force-unlock \(stale.id.uuidString)")
        }
        // Left for the user to see, and the OS lock is free again.
        #expect(fixture.snapshot(fixture.paths.lockFile) == before)
        #expect(StateLock.holder(of: fixture.paths) == .stale(stale))
    }

    @Test func forceUnlockRemovesAStaleLockOnlyWithItsID() throws {
        let fixture = try StateFixture()
        let stale = LockInfo(operation: "apply", pid: Self.deadPID)
        try writeLockInfo(fixture, stale)
        let other = UUID().uuidString
        #expect { try StateLock.forceUnlock(fixture.paths, id: other) } throws: { error in
            guard case LockError.idMismatch(_, _, other, stale?) = error else { return false }
            return "\(error)".contains(stale.id.uuidString) && "\(error)".contains("Nothing was unlocked")
        }
        #expect(StateLock.holder(of: fixture.paths) == .stale(stale))

        #expect(try StateLock.forceUnlock(fixture.paths, id: stale.id.uuidString.lowercased()) == stale)
        #expect(StateLock.holder(of: fixture.paths) == .free)
        #expect(throws: LockError.notLocked(cluster: "lab", lockFile: fixture.paths.lockFile)) {
            try StateLock.forceUnlock(fixture.paths, id: stale.id.uuidString)
        }
    }

    @Test func forceUnlockRefusesALockALiveProcessHolds() async throws {
        let fixture = try StateFixture()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        #expect(throws: LockError.stillHeld(cluster: "lab", lockFile: fixture.paths.lockFile, holder: lock.info)) {
            try StateLock.forceUnlock(fixture.paths, id: lock.info.id.uuidString)
        }
        #expect(StateLock.holder(of: fixture.paths) == .held(lock.info))
    }

    @Test func statusReportsTheLockHolder() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordIntent(PendingIntent(operation: .create, step: "cloned"), for: Sample.vm)
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        let status = await store.status()
        #expect(status.resourceCount == 1 && status.serial == 1)
        #expect(status.lock == .held(lock.info))
        #expect(status.summary.contains("1 unfinished operation") && status.summary.contains("last step cloned"))
        #expect(status.summary.contains("locked: `apply` by"))
        lock.release()
        #expect(await store.status().lock == .free)
    }
}
