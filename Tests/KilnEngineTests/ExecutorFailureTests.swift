import KilnEngine
import Testing

@Suite("Executor: failures skip only their dependents", .timeLimit(.minutes(1)))
struct ExecutorFailureTests {
    @Test func aFailureSkipsItsDependentsAndLetsIndependentBranchesFinish() async throws {
        // a ✗ → b → c      d → e
        let jobs = TestJobs()
        let work = [
            jobs.job(.vm("a"), failsWith: "clone failed: storage local-lvm is full"),
            jobs.job(.vm("b"), dependsOn: [.vm("a")]),
            jobs.job(.vm("c"), dependsOn: [.vm("b")]),
            jobs.job(.vm("d"), behaviour: .takes(.milliseconds(30))),
            jobs.job(.vm("e"), dependsOn: [.vm("d")]),
        ]
        let events = EventCollector()
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder(), events: events.sink).run()

        #expect(!result.succeeded)
        #expect(result.failures.map(\.address) == [.vm("a")])
        let failure = try #require(result.failures.first)
        #expect(failure.action == .create)
        #expect("\(failure.error)" == "clone failed: storage local-lvm is full")
        #expect(failure.hint.contains("kiln apply"))
        #expect(result.skipped == [
            .init(address: .vm("b"), action: .create, failedDependencies: [.vm("a")]),
            .init(address: .vm("c"), action: .create, failedDependencies: [.vm("a")]),
        ])
        #expect(Set(result.finished.map(\.address)) == [.vm("d"), .vm("e")])
        #expect(result.notStarted.isEmpty)
        let effects = await jobs.world.effects
        #expect(effects[.vm("b")] == nil && effects[.vm("c")] == nil)
        #expect(events.names.filter { $0.hasPrefix("failed") } == ["failed test_vm.a"])
        #expect(Set(events.names.filter { $0.hasPrefix("skipped") }) == ["skipped test_vm.b", "skipped test_vm.c"])
    }

    @Test func aVertexBelowTwoFailuresNamesBothAndTheReportListsOnlyRootCauses() async throws {
        let jobs = TestJobs()
        let work = [
            jobs.job(.vm("left"), failsWith: "left broke"),
            jobs.job(.vm("right"), failsWith: "right broke"),
            jobs.job(.vm("join"), dependsOn: [.vm("left"), .vm("right")]),
            jobs.job(.vm("after"), dependsOn: [.vm("join")]),
        ]
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder()).run()
        #expect(Set(result.failures.map(\.address)) == [.vm("left"), .vm("right")])
        #expect(result.skipped.map(\.address) == [.vm("after"), .vm("join")])
        #expect(result.skipped.allSatisfy { $0.failedDependencies == [.vm("left"), .vm("right")] })
    }

    @Test func aProviderHintIsKept() async throws {
        struct QuotaExceeded: HintedError {
            var hint: String { "free a VMID or raise the pool's limit" }
        }
        let job = VertexJob(address: .vm("a"), action: .create) { _ in throw QuotaExceeded() }
        let result = try await Executor(jobs: [job], recorder: InMemoryStateRecorder()).run()
        #expect(result.failures.first?.hint == "free a VMID or raise the pool's limit")
    }

    @Test func aResultThatCannotBeRecordedFailsTheVertex() async throws {
        let jobs = TestJobs()
        let recorder = InMemoryStateRecorder(timeline: jobs.timeline, failingResults: [.vm("a")])
        let work = [jobs.job(.vm("a")), jobs.job(.vm("b"), dependsOn: [.vm("a")])]
        let result = try await Executor(jobs: work, recorder: recorder).run()
        let failure = try #require(result.failures.first)
        let recording = try #require(failure.error as? StateRecordingError)
        #expect(recording.stage == .result)
        #expect(result.skipped.map(\.address) == [.vm("b")])
        // The intent stays, so the next run adopts what `a` did instead of redoing it.
        #expect(await recorder.record(for: .vm("a"))?.pending?.operation == .create)
    }

    @Test func anIntentThatCannotBeRecordedStopsTheEffectBeforeItStarts() async throws {
        let jobs = TestJobs()
        let recorder = InMemoryStateRecorder(timeline: jobs.timeline, failingIntents: [.vm("a")])
        let result = try await Executor(jobs: [jobs.job(.vm("a"))], recorder: recorder).run()
        let recording = try #require(result.failures.first?.error as? StateRecordingError)
        #expect(recording.stage == .intent)
        #expect(await jobs.world.effects[.vm("a")] == nil)
    }
}
