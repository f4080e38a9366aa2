import KilnEngine
import Testing

@Suite("Vertex jobs built from planned changes", .timeLimit(.minutes(1)))
struct VertexJobTests {
    let desired = Resource(address: .vm("cp-1"), attributes: ["cores": 4], dependencies: [.vm("image")])
    let current = ResourceRecord(address: .vm("cp-1"), attributes: ["cores": 2], outputs: ["id": "old"])

    /// Runs one job (its dependency stands in as an unchanged vertex) and returns the provider's log.
    func run(_ job: VertexJob, provider: RecordingProvider, recorder: InMemoryStateRecorder) async throws -> ExecutionResult {
        let image = VertexJob.unchanged(.vm("image"), record: nil)
        return try await Executor(jobs: [image, job], recorder: recorder).run()
    }

    @Test func aCreateCallsCreateAndRecordsTheNewRecord() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        let job = try VertexJob.forChange(ResourceChange(address: .vm("cp-1"), action: .create),
                                          desired: desired, current: nil, provider: provider)
        #expect(job.dependencies == [.vm("image")])
        #expect(try await run(job, provider: provider, recorder: recorder).succeeded)
        #expect(provider.log == ["create test_vm.cp-1"])
        #expect(await recorder.record(for: .vm("cp-1"))?.outputs == ["id": "new-cp-1"])
    }

    @Test func anUpdateCallsUpdateWithTheCurrentRecord() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        let job = try VertexJob.forChange(ResourceChange(address: .vm("cp-1"), action: .update),
                                          desired: desired, current: current, provider: provider)
        _ = try await run(job, provider: provider, recorder: recorder)
        #expect(provider.log == ["update test_vm.cp-1"])
        #expect(await recorder.record(for: .vm("cp-1"))?.attributes == ["cores": 4])
        #expect(await recorder.record(for: .vm("cp-1"))?.outputs == ["id": "old"])
    }

    @Test func aReplaceDeletesThenCreates() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        let job = try VertexJob.forChange(ResourceChange(address: .vm("cp-1"), action: .replace),
                                          desired: desired, current: current, provider: provider)
        _ = try await run(job, provider: provider, recorder: recorder)
        #expect(provider.log == ["delete test_vm.cp-1", "create test_vm.cp-1"])
        #expect(await recorder.record(for: .vm("cp-1"))?.outputs == ["id": "new-cp-1"])
    }

    @Test func aDeleteRemovesTheRecordAndWaitsForTheGivenDependencies() async throws {
        let provider = RecordingProvider()
        let recorder = InMemoryStateRecorder(initial: [current])
        let job = try VertexJob.forChange(ResourceChange(address: .vm("cp-1"), action: .delete),
                                          desired: nil, current: current, provider: provider, dependencies: [.vm("image")])
        _ = try await run(job, provider: provider, recorder: recorder)
        #expect(provider.log == ["delete test_vm.cp-1"])
        #expect(await recorder.record(for: .vm("cp-1")) == nil)
    }

    @Test func adoptingWhenNothingWasLeftRunsTheInterruptedCreateAgain() async throws {
        let provider = RecordingProvider(adoption: .nothingFound), recorder = InMemoryStateRecorder()
        var interrupted = current
        interrupted.pending = PendingIntent(operation: .create)
        let job = try VertexJob.forChange(ResourceChange(address: .vm("cp-1"), action: .adopt),
                                          desired: desired, current: interrupted, provider: provider)
        _ = try await run(job, provider: provider, recorder: recorder)
        #expect(provider.log == ["adopt test_vm.cp-1", "create test_vm.cp-1"])
    }

    @Test func adoptingWhatWasLeftRecordsItWithoutRedoingIt() async throws {
        let found = ResourceRecord(address: .vm("cp-1"), attributes: ["cores": 4], outputs: ["id": "found"])
        let provider = RecordingProvider(adoption: .adopted(found)), recorder = InMemoryStateRecorder()
        let job = VertexJob.adopt(current, desired: desired, provider: provider)
        _ = try await run(job, provider: provider, recorder: recorder)
        #expect(provider.log == ["adopt test_vm.cp-1"])
        // As found, plus what the engine keeps itself: the desired dependencies and secrets.
        var expected = found
        expected.dependencies = desired.dependencies
        expected.sensitive = desired.sensitive
        #expect(await recorder.record(for: .vm("cp-1")) == expected)
    }

    @Test func anInterruptedDeleteIsFinishedBeforeTheReplacementIsCreated() async throws {
        let provider = RecordingProvider(adoption: .nothingFound), recorder = InMemoryStateRecorder()
        var interrupted = current
        interrupted.pending = PendingIntent(operation: .delete)
        let job = VertexJob.adopt(interrupted, desired: desired, provider: provider)
        _ = try await run(job, provider: provider, recorder: recorder)
        #expect(provider.log == ["adopt test_vm.cp-1", "delete test_vm.cp-1", "create test_vm.cp-1"])
    }

    @Test func recordsKeepTheDependenciesAndSecretsOfTheResourceWhateverTheProviderReturns() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        var resource = desired
        resource.dependencies = [.vm("network")]
        resource.sensitive = ["token"]
        let job = VertexJob.create(resource, provider: provider, dependencies: [])
        _ = try await run(job, provider: provider, recorder: recorder)
        let record = await recorder.record(for: .vm("cp-1"))
        #expect(record?.dependencies == [.vm("network")])
        #expect(record?.sensitive.contains("token") == true)
    }

    @Test func aGateResourceBecomesAJobWithItsTimeout() throws {
        let gate = Resource(address: .gate("api"), lifecycle: .gate(timeout: .seconds(300)))
        let job = VertexJob.create(gate, provider: RecordingProvider())
        #expect(job.isGate)
        #expect(job.timeout == .seconds(300))
        #expect(VertexJob.create(desired, provider: RecordingProvider()).timeout == nil)
    }

    @Test func aChangeWithoutWhatItNeedsIsAnError() {
        #expect(throws: JobBuildError(address: .vm("cp-1"), action: .update, missing: .current)) {
            try VertexJob.forChange(ResourceChange(address: .vm("cp-1"), action: .update),
                                    desired: desired, current: nil, provider: RecordingProvider())
        }
    }
}
