import KilnEngine
import Testing

@Suite("Executor: bounded parallelism", .timeLimit(.minutes(1)))
struct ExecutorParallelismTests {
    @Test func neverMoreThanParallelismInFlightAndItReachesTheBound() async throws {
        let jobs = TestJobs()
        let work = (0..<12).map { jobs.job(.vm("vm-\($0)"), behaviour: .holdsUntilInFlight(4)) }
        let executor = try Executor(jobs: work, recorder: InMemoryStateRecorder(timeline: jobs.timeline),
                                    configuration: .init(parallelism: 4))
        let result = await executor.run()
        #expect(result.succeeded)
        #expect(result.finished.count == 12)
        #expect(await jobs.world.maxInFlight == 4)
        #expect(await jobs.world.effects.values.allSatisfy { $0 == 1 })
    }

    @Test func theDefaultParallelismIsTen() async throws {
        let jobs = TestJobs()
        let work = (0..<25).map { jobs.job(.vm("vm-\($0)"), behaviour: .holdsUntilInFlight(10)) }
        let executor = try Executor(jobs: work, recorder: InMemoryStateRecorder())
        #expect(executor.configuration.parallelism == 10)
        _ = await executor.run()
        #expect(await jobs.world.maxInFlight == 10)
    }

    @Test func verticesWaitingForDependenciesHoldNoSlot() async throws {
        // Two slots. `slow` holds one until `c` and `d` are both done; `waiting` depends on
        // `slow`. If `waiting` held the second slot, `c` and `d` could never run and `slow`
        // would wait forever (its timeout turns that into a failure).
        let jobs = TestJobs()
        let world = jobs.world
        let slow = VertexJob(address: .vm("slow"), action: .create, timeout: .seconds(20)) { context in
            while true {
                let cDone = await world.isDone(.vm("c")), dDone = await world.isDone(.vm("d"))
                if cDone && dDone { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            return .recorded(ResourceRecord(address: context.address))
        }
        let work = [
            slow,
            jobs.job(.vm("waiting"), dependsOn: [.vm("slow")]),
            jobs.job(.vm("c")),
            jobs.job(.vm("d")),
        ]
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder(), configuration: .init(parallelism: 2)).run()
        #expect(result.failures.isEmpty)
        #expect(result.succeeded)
        #expect(result.finished.last?.address == .vm("waiting"))
    }

    @Test func aGateSleepingBetweenProbesGivesItsSlotToOthers() async throws {
        // One slot. The gate starts first (smaller address) and is only satisfied once `x`
        // has run: that can only happen if its pauses hand the slot over.
        let jobs = TestJobs()
        let world = jobs.world
        let gate = VertexJob(address: .gate("a-ready"), action: .create, isGate: true, timeout: .seconds(20)) { context in
            while await !world.isDone(.vm("x")) {
                context.report(waitingFor: "test_vm.x", lastSeen: "not yet")
                try await context.pause(for: .milliseconds(10))
            }
            return .recorded(ResourceRecord(address: context.address))
        }
        let events = EventCollector()
        let executor = try Executor(jobs: [gate, jobs.job(.vm("x"))], recorder: InMemoryStateRecorder(),
                                    configuration: .init(parallelism: 1), events: events.sink)
        let result = await executor.run()
        #expect(result.succeeded)
        let startedGate = try #require(events.position(of: "started test_gate.a-ready"))
        let startedX = try #require(events.position(of: "started test_vm.x"))
        let finishedGate = try #require(events.position(of: "finished test_gate.a-ready"))
        #expect(startedGate < startedX && startedX < finishedGate)
    }

    @Test func parallelismBelowOneRunsOneAtATime() async throws {
        let jobs = TestJobs()
        let work = (0..<4).map { jobs.job(.vm("vm-\($0)")) }
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder(), configuration: .init(parallelism: 0)).run()
        #expect(result.finished.count == 4)
        #expect(await jobs.world.maxInFlight == 1)
    }

    @Test func dependenciesFinishBeforeDependentsStart() async throws {
        let jobs = TestJobs()
        let work = [
            jobs.job(.vm("c"), dependsOn: [.vm("a"), .vm("b")]),
            jobs.job(.vm("b"), dependsOn: [.vm("a")], behaviour: .takes(.milliseconds(20))),
            jobs.job(.vm("a"), behaviour: .takes(.milliseconds(20))),
        ]
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder()).run()
        #expect(result.finished.map(\.address) == [.vm("a"), .vm("b"), .vm("c")])
        let timeline = jobs.timeline
        #expect(try #require(timeline.index(of: .effectFinished(.vm("a")))) < #require(timeline.index(of: .effectStarted(.vm("b")))))
        #expect(try #require(timeline.index(of: .effectFinished(.vm("b")))) < #require(timeline.index(of: .effectStarted(.vm("c")))))
    }

    @Test func jobsThatDoNotFormAGraphAreRefused() {
        let jobs = TestJobs()
        #expect(throws: GraphError.unknownDependency(vertex: .vm("a"), missing: .vm("b"))) {
            try Executor(jobs: [jobs.job(.vm("a"), dependsOn: [.vm("b")])], recorder: InMemoryStateRecorder())
        }
        #expect(throws: GraphError.cycle([.vm("a"), .vm("b"), .vm("a")])) {
            try Executor(jobs: [jobs.job(.vm("a"), dependsOn: [.vm("b")]), jobs.job(.vm("b"), dependsOn: [.vm("a")])],
                         recorder: InMemoryStateRecorder())
        }
        #expect(throws: GraphError.duplicateVertex(.vm("a"))) {
            try Executor(jobs: [jobs.job(.vm("a")), jobs.job(.vm("a"))], recorder: InMemoryStateRecorder())
        }
    }
}
