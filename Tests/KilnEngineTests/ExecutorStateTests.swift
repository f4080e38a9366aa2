import KilnEngine
import Testing

@Suite("Executor: outputs and state recording", .timeLimit(.minutes(1)))
struct ExecutorStateTests {
    @Test func outputsOfFinishedVerticesReachTheirDependents() async throws {
        let jobs = TestJobs()
        let seen = Box<[ResourceAddress: Attributes]>([:])
        let work = [
            jobs.job(.vm("vm"), outputs: ["vmid": 1011, "node": "pve1"]),
            jobs.job(.vm("other"), outputs: ["unrelated": true]),
            jobs.job(.vm("config"), dependsOn: [.vm("vm")], seen: { outputs in seen.set(outputs) }),
        ]
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder()).run()
        #expect(result.succeeded)
        #expect(seen.value == [.vm("vm"): ["vmid": 1011, "node": "pve1"]])
    }

    @Test func unchangedVerticesPassOnTheirRecordedOutputs() async throws {
        let jobs = TestJobs()
        let seen = Box<[ResourceAddress: Attributes]>([:])
        let existing = ResourceRecord(address: .vm("secrets"), outputs: ["ca": "PEM…"])
        let work = [
            VertexJob.unchanged(.vm("secrets"), record: existing),
            jobs.job(.vm("config"), dependsOn: [.vm("secrets")], seen: { outputs in seen.set(outputs) }),
        ]
        let recorder = InMemoryStateRecorder()
        _ = try await Executor(jobs: work, recorder: recorder).run()
        #expect(seen.value == [.vm("secrets"): ["ca": "PEM…"]])
        #expect(await recorder.resultWrites == 1, "a no-op writes nothing")
    }

    @Test func everyIntentIsRecordedBeforeItsEffectAndEveryResultRightAfter() async throws {
        let jobs = TestJobs()
        let recorder = InMemoryStateRecorder(timeline: jobs.timeline)
        let work = [jobs.job(.vm("a")), jobs.job(.vm("b"), dependsOn: [.vm("a")])]
        _ = try await Executor(jobs: work, recorder: recorder).run()
        #expect(jobs.timeline.all == [
            .intentRecorded(.vm("a")), .effectStarted(.vm("a")), .effectFinished(.vm("a")), .resultRecorded(.vm("a")),
            .intentRecorded(.vm("b")), .effectStarted(.vm("b")), .effectFinished(.vm("b")), .resultRecorded(.vm("b")),
        ])
        #expect(await recorder.record(for: .vm("a"))?.pending == nil)
    }

    @Test func aResultIsRecordedWhenItsVertexFinishesNotAtTheEndOfTheRun() async throws {
        // `slow` only finishes once the test has seen `quick`'s result in state.
        let jobs = TestJobs()
        let recorder = InMemoryStateRecorder(timeline: jobs.timeline)
        let release = Latch()
        let work = [jobs.job(.vm("quick")), jobs.job(.vm("slow"), behaviour: .waitsFor(release))]
        let executor = try Executor(jobs: work, recorder: recorder)
        async let result = executor.run()
        let recordedEarly = await eventually {
            await recorder.record(for: .vm("quick")).map { $0.pending == nil } ?? false
        }
        release.open()
        #expect(recordedEarly)
        #expect(await result.succeeded)
        #expect(try #require(jobs.timeline.index(of: .resultRecorded(.vm("quick"))))
                < #require(jobs.timeline.index(of: .effectFinished(.vm("slow")))))
    }

    @Test func eachOutsideEffectHappensExactlyOnce() async throws {
        let jobs = TestJobs()
        var work: [VertexJob] = []
        for index in 0..<30 {
            let dependencies: [ResourceAddress] = index < 3 ? [] : [.vm("n\(index % 3)"), .vm("n\(index - 1)")]
            work.append(jobs.job(.vm("n\(index)"), dependsOn: Array(Set(dependencies))))
        }
        let result = try await Executor(jobs: work, recorder: InMemoryStateRecorder(), configuration: .init(parallelism: 3)).run()
        #expect(result.finished.count == 30)
        #expect(await jobs.world.effects.count == 30)
        #expect(await jobs.world.effects.values.allSatisfy { $0 == 1 })
    }
}

@Suite("Executor: destroy graphs and one run per executor", .timeLimit(.minutes(1)))
struct ExecutorDestroyTests {
    @Test func deleteJobsOnTheReversedGraphRemoveDependentsFirst() async throws {
        let graph = try ResourceGraph(dependencies: [
            .vm("image"): [], .vm("vm"): [.vm("image")], .vm("config"): [.vm("vm")], .vm("other"): [.vm("image")],
        ])
        let destroy = graph.reversed()
        let provider = RecordingProvider()
        let records = graph.vertices.map { ResourceRecord(address: $0) }
        let recorder = InMemoryStateRecorder(initial: records)
        let jobs = records.map { record in
            VertexJob.delete(record, provider: provider, dependencies: destroy.dependencies[record.address] ?? [])
        }
        let result = try await Executor(jobs: jobs, recorder: recorder, configuration: .init(parallelism: 1)).run()
        #expect(result.succeeded)
        #expect(provider.log == destroy.topologicalOrder().map { "delete \($0)" })
        #expect(provider.log.last == "delete test_vm.image")
        #expect(await recorder.allRecords.isEmpty)
        #expect(result.counts.destroyed == 4)
    }

    @Test func anExecutorRunsOnlyOnce() async throws {
        let jobs = TestJobs()
        let executor = try Executor(jobs: [jobs.job(.vm("a"))], recorder: InMemoryStateRecorder())
        #expect(await executor.run().succeeded)
        let again = await executor.run()
        #expect(again.notStarted == [.vm("a")])
        #expect(await jobs.world.effects[.vm("a")] == 1)
    }
}

@Suite("Elapsed time text")
struct ElapsedTimeTests {
    @Test(arguments: [
        (Duration.seconds(0), "0s"), (.seconds(45), "45s"), (.seconds(70), "1m10s"), (.seconds(120), "2m"),
        (.seconds(3780), "1h3m"), (.seconds(7200), "2h"), (.milliseconds(250), "250ms"),
    ])
    func progressLinesShowCompactDurations(duration: Duration, text: String) {
        #expect(ElapsedTime.text(duration) == text)
    }
}
