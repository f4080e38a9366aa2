import KilnEngine
import Testing

@Suite("Executor: stopping (Ctrl-C)", .timeLimit(.minutes(1)))
struct ExecutorStopTests {
    @Test func aGracefulStopStartsNothingNewButLetsRunningWorkFinish() async throws {
        // One slot: `a` runs, `b` (after a) and `c` (independent, queued for the slot) wait.
        let jobs = TestJobs()
        let release = Latch()
        let recorder = InMemoryStateRecorder(timeline: jobs.timeline)
        let events = EventCollector()
        let work = [
            jobs.job(.vm("a"), behaviour: .waitsFor(release), outputs: ["vmid": 100]),
            jobs.job(.vm("b"), dependsOn: [.vm("a")]),
            jobs.job(.vm("c")),
        ]
        let executor = try Executor(jobs: work, recorder: recorder, configuration: .init(parallelism: 1), events: events.sink)
        async let running = executor.run()
        #expect(await eventually { await jobs.world.inFlight == 1 })
        executor.stop(.graceful)
        release.open()
        let result = await running

        #expect(result.stop == .graceful)
        #expect(result.finished.map(\.address) == [.vm("a")])
        #expect(result.notStarted == [.vm("b"), .vm("c")])
        #expect(result.interrupted.isEmpty && result.failures.isEmpty)
        #expect(await recorder.record(for: .vm("a"))?.outputs == ["vmid": 100])
        #expect(await jobs.world.effects.keys.sorted() == [.vm("a")])
        #expect(result.counts.notStarted == 2)
        #expect(events.names.contains("stopRequested graceful"))
    }

    @Test func anImmediateStopCancelsRunningWorkAndKeepsItsIntent() async throws {
        let jobs = TestJobs()
        let recorder = InMemoryStateRecorder(timeline: jobs.timeline)
        let work = [
            jobs.job(.vm("quick")),
            jobs.job(.vm("forever"), behaviour: .runsUntilCancelled),
            jobs.job(.vm("after"), dependsOn: [.vm("forever")]),
        ]
        let events = EventCollector()
        let executor = try Executor(jobs: work, recorder: recorder, events: events.sink)
        async let running = executor.run()
        #expect(await eventually {
            let quickDone = await jobs.world.isDone(.vm("quick")), inFlight = await jobs.world.inFlight
            return quickDone && inFlight == 1
        })
        executor.stop(.graceful)
        executor.stop(.immediate)
        let result = await running

        #expect(result.stop == .immediate)
        #expect(result.finished.map(\.address) == [.vm("quick")])
        #expect(result.interrupted.map(\.address) == [.vm("forever")])
        #expect(result.notStarted == [.vm("after")])
        #expect(result.failures.isEmpty, "an interruption is not a failure")
        // What is known is recorded: quick's result, forever's intent (adopted next run).
        #expect(await recorder.record(for: .vm("quick"))?.pending == nil)
        #expect(await recorder.record(for: .vm("forever"))?.pending?.operation == .create)
        #expect(jobs.timeline.index(of: .resultRecorded(.vm("forever"))) == nil)
        #expect(events.names.contains("interrupted test_vm.forever"))
        #expect(events.names.filter { $0.hasPrefix("stopRequested") } == ["stopRequested graceful", "stopRequested immediate"])
    }

    @Test func aStopOnlyEscalates() async throws {
        let events = EventCollector()
        let executor = try Executor(jobs: [], recorder: InMemoryStateRecorder(), events: events.sink)
        executor.stop(.immediate)
        executor.stop(.graceful)
        executor.stop(.immediate)
        #expect(events.names == ["stopRequested immediate"])
        #expect(await executor.run().stop == .immediate)
    }

    @Test func cancellingTheRunningTaskIsAnImmediateStop() async throws {
        let jobs = TestJobs()
        let executor = try Executor(jobs: [jobs.job(.vm("forever"), behaviour: .runsUntilCancelled)],
                                    recorder: InMemoryStateRecorder())
        let task = Task { await executor.run() }
        #expect(await eventually { await jobs.world.inFlight == 1 })
        task.cancel()
        let result = await task.value
        #expect(result.stop == .immediate)
        #expect(result.interrupted.map(\.address) == [.vm("forever")])
    }

    @Test func aGateWaitingOutAPauseIsInterruptedByAnImmediateStop() async throws {
        let job = VertexJob(address: .gate("api"), action: .create, isGate: true, timeout: .seconds(600)) { context in
            context.report(waitingFor: "API")
            try await context.pause(for: .seconds(600))
            return .unchanged(nil)
        }
        let events = EventCollector()
        let executor = try Executor(jobs: [job], recorder: InMemoryStateRecorder(), events: events.sink)
        async let running = executor.run()
        #expect(await eventually { events.names.contains("progress test_gate.api") })
        executor.stop(.immediate)
        #expect(await running.interrupted.map(\.address) == [.gate("api")])
    }
}
