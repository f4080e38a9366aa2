import KilnEngine
import Testing

@Suite("Executor: gates, deadlines and progress", .timeLimit(.minutes(1)))
struct ExecutorGateTests {
    /// A gate that never becomes ready: it reports what it waits for and sleeps between probes.
    func neverReadyGate(timeout: Duration, deadlineSeen: Box<ContinuousClock.Instant?>? = nil) -> VertexJob {
        VertexJob(address: .gate("api"), action: .create, isGate: true, timeout: timeout) { context in
            deadlineSeen?.set(context.deadline)
            var probe = 0
            while true {
                probe += 1
                context.report(waitingFor: "Kubernetes API at 10.0.0.10:6443", lastSeen: "connection refused (probe \(probe > 1 ? "n" : "1"))")
                try await context.pause(for: .milliseconds(10))
            }
        }
    }

    @Test func aGateThatOverrunsFailsWithWhatItWaitedForAndLastSaw() async throws {
        let deadline = Box<ContinuousClock.Instant?>(nil)
        let before = ContinuousClock.now
        let jobs = TestJobs()
        let work = [neverReadyGate(timeout: .milliseconds(200), deadlineSeen: deadline),
                    jobs.job(.vm("cni"), dependsOn: [.gate("api")])]
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder()).run()

        let failure = try #require(result.failures.first)
        let timeout = try #require(failure.error as? GateTimeoutError)
        #expect(timeout == GateTimeoutError(address: .gate("api"), timeout: .milliseconds(200),
                                            waitingFor: "Kubernetes API at 10.0.0.10:6443",
                                            lastSeen: "connection refused (probe n)"))
        #expect(timeout.description == "test_gate.api did not become ready within 200ms; waiting for: Kubernetes API at 10.0.0.10:6443, last seen: connection refused (probe n)")
        #expect(failure.hint.contains("Kubernetes API at 10.0.0.10:6443"))
        #expect(result.skipped.map(\.address) == [.vm("cni")])
        let given = try #require(deadline.value)
        #expect(given > before && given <= ContinuousClock.now)
    }

    @Test func jobsWithoutATimeoutHaveNoDeadline() async throws {
        let deadline = Box<ContinuousClock.Instant??>(nil)
        let job = VertexJob(address: .vm("a"), action: .create) { context in
            deadline.set(.some(context.deadline))
            return .removed
        }
        _ = try await Executor(jobs: [job], recorder: InMemoryStateRecorder()).run()
        #expect(deadline.value == .some(nil))
    }

    @Test func progressReportsAndHeartbeatsCarryTheLatestWord() async throws {
        let job = VertexJob(address: .gate("nodes"), action: .create, isGate: true, timeout: .seconds(20)) { context in
            context.report(waitingFor: "3 nodes Ready", lastSeen: "1 of 3 Ready")
            try await context.pause(for: .milliseconds(150))
            return .unchanged(nil)
        }
        let events = EventCollector()
        let executor = try Executor(jobs: [job], recorder: InMemoryStateRecorder(),
                                    configuration: .init(heartbeatInterval: .milliseconds(20)), events: events.sink)
        #expect(await executor.run().succeeded)

        let progress = events.all.compactMap { event -> OperationProgress? in
            if case .progress(_, let progress, _) = event { progress } else { nil }
        }
        #expect(progress == [OperationProgress(waitingFor: "3 nodes Ready", lastSeen: "1 of 3 Ready")])
        let beats = events.all.compactMap { event -> (Duration, OperationProgress?)? in
            if case .stillRunning(_, _, let elapsed, let latest) = event { (elapsed, latest) } else { nil }
        }
        #expect(beats.count >= 2)
        #expect(beats.allSatisfy { $0.1?.lastSeen == "1 of 3 Ready" })
        #expect(zip(beats, beats.dropFirst()).allSatisfy { $0.0 < $1.0 }, "elapsed grows")
        // Heartbeats stop with the vertex.
        let finished = try #require(events.position(of: "finished test_gate.nodes"))
        #expect(!events.names[finished...].contains("stillRunning test_gate.nodes"))
    }

    @Test func withoutAHeartbeatIntervalThereAreNoHeartbeats() async throws {
        let jobs = TestJobs()
        let events = EventCollector()
        let executor = try Executor(jobs: [jobs.job(.vm("a"), behaviour: .takes(.milliseconds(60)))],
                                    recorder: InMemoryStateRecorder(),
                                    configuration: .init(heartbeatInterval: nil), events: events.sink)
        _ = await executor.run()
        #expect(events.names == ["started test_vm.a", "finished test_vm.a", "runFinished"])
    }

    @Test func aRunEndsWithCounts() async throws {
        let jobs = TestJobs()
        let work = [
            jobs.job(.vm("new"), action: .create), jobs.job(.vm("changed"), action: .update),
            jobs.job(.vm("swapped"), action: .replace), jobs.job(.vm("gone"), action: .delete),
        ]
        let events = EventCollector()
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder(), events: events.sink).run()
        #expect(result.counts == RunCounts(finished: 4, failed: 0, skipped: 0, interrupted: 0, notStarted: 0,
                                           added: 2, changed: 1, destroyed: 2))
        guard case .runFinished(let counts, _)? = events.all.last else {
            Issue.record("the last event is not runFinished")
            return
        }
        #expect(counts == result.counts)
    }
}
