import KilnEngine
import Testing

@Suite("Plans run through the executor", .timeLimit(.minutes(1)))
struct PlanExecutionTests {
    typealias F = PlanningFixture

    let desired = [F.vm("image"), F.vm("vm", ["disk": 10], dependsOn: ["image"], forcing: ["disk"]),
                   F.gate("api", dependsOn: [.vm("vm")])]

    /// Plans, checks the policy, runs the jobs against `recorder`, and returns the run.
    func apply(_ desired: [Resource], recorder: InMemoryStateRecorder, provider: RecordingProvider,
               options: PlanOptions = PlanOptions(), allowDestroy: Bool = false) async throws -> ExecutionResult {
        let state = Array(await recorder.allRecords.values)
        let plan = try await Planner(providers: [provider]).plan(desired: desired, current: state, options: options)
        try ApplyPolicy.check(plan, allowReplace: options.replace, allowDestroy: allowDestroy)
        return try await Executor(jobs: try plan.jobs(), recorder: recorder).run()
    }

    func replan(_ desired: [Resource], recorder: InMemoryStateRecorder, provider: RecordingProvider) async throws -> EnginePlan {
        try await Planner(providers: [provider]).plan(desired: desired, current: Array(await recorder.allRecords.values))
    }

    @Test func aFullCreateRunThenAReplanSaysNoChanges() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        let result = try await apply(desired, recorder: recorder, provider: provider)
        #expect(result.succeeded)
        #expect(result.counts.added == 3)
        #expect(provider.log == ["create test_vm.image", "create test_vm.vm", "create test_gate.api"])
        #expect(await recorder.allRecords.values.allSatisfy { $0.pending == nil && $0.status == .ready })

        let again = try await replan(desired, recorder: recorder, provider: provider)
        #expect(again.summary.description == "No changes.")
        #expect(try again.jobs().count == 3, "no-op vertices still become jobs")
        let rerun = try await Executor(jobs: try again.jobs(), recorder: recorder).run()
        #expect(rerun.succeeded)
        #expect(provider.log.filter { !$0.hasPrefix("refresh") }.count == 3, "nothing was done again")
    }

    @Test func aReplacementRunsOnlyWithPermissionAndChecksTheGateAgain() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        _ = try await apply(desired, recorder: recorder, provider: provider)
        var bigger = desired
        bigger[1].attributes = ["disk": 20]
        await #expect(throws: ApplyPolicyError.self) { try await apply(bigger, recorder: recorder, provider: provider) }
        #expect(!provider.log.contains("delete test_vm.vm"), "refused before anything ran")

        let result = try await apply(bigger, recorder: recorder, provider: provider, options: PlanOptions(replace: [.vm("vm")]))
        #expect(result.succeeded)
        #expect(Array(provider.log.filter { !$0.hasPrefix("refresh") }.suffix(3))
                == ["delete test_vm.vm", "create test_vm.vm", "create test_gate.api"])
        #expect(await recorder.record(for: .vm("vm"))?.attributes == ["disk": 20])
        #expect(try await replan(bigger, recorder: recorder, provider: provider).hasChanges == false)
    }

    @Test func outputsOfUnchangedResourcesReachChangedDependents() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        _ = try await apply(desired, recorder: recorder, provider: provider)
        let plan = try await replan(desired, recorder: recorder, provider: provider)
        let seen = Box<[ResourceAddress: Attributes]>([:])
        var jobs = try plan.jobs().filter { $0.address != .gate("api") }
        jobs.append(VertexJob(address: .gate("api"), action: .read, dependencies: [.vm("vm")]) { context in
            seen.set(context.dependencyOutputs)
            return .unchanged(nil)
        })
        _ = try await Executor(jobs: jobs, recorder: recorder).run()
        #expect(seen.value == [.vm("vm"): ["id": "new-vm"]])
    }

    @Test func anOrphanIsDeletedWithAllowDestroyAndForgotten() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        _ = try await apply(desired + [F.vm("extra")], recorder: recorder, provider: provider)
        await #expect(throws: ApplyPolicyError.self) { try await apply(desired, recorder: recorder, provider: provider) }
        let result = try await apply(desired, recorder: recorder, provider: provider, allowDestroy: true)
        #expect(result.counts.destroyed == 1)
        #expect(await recorder.record(for: .vm("extra")) == nil)
    }

    @Test func destroyRemovesEverythingDependentsFirst() async throws {
        let provider = RecordingProvider(), recorder = InMemoryStateRecorder()
        _ = try await apply(desired, recorder: recorder, provider: provider)
        let result = try await apply(desired, recorder: recorder, provider: provider, options: PlanOptions(mode: .destroy))
        #expect(result.succeeded)
        #expect(Array(provider.log.filter { $0.hasPrefix("delete") })
                == ["delete test_gate.api", "delete test_vm.vm", "delete test_vm.image"])
        #expect(await recorder.allRecords.isEmpty)
    }

    @Test func anAdoptionRunTakesOverWhatWasLeft() async throws {
        let vm = F.vm("vm")
        var interrupted = F.record(vm)
        interrupted.pending = PendingIntent(operation: .create, step: "cloned")
        let found = F.record(vm)
        let provider = RecordingProvider(adoption: .adopted(found))
        let recorder = InMemoryStateRecorder(initial: [interrupted])
        let result = try await apply([vm], recorder: recorder, provider: provider)
        #expect(result.succeeded)
        #expect(provider.log == ["adopt test_vm.vm"])
        #expect(await recorder.record(for: .vm("vm")) == found)
    }
}
