import KilnEngine
import Testing

@Suite("Planner: refresh, drift and adoption", .timeLimit(.minutes(1)))
struct PlannerRefreshTests {
    typealias F = PlanningFixture

    @Test func anAttributeChangedOutsideIsDriftAndThePlanPutsItBack() async throws {
        let vm = F.vm("vm", ["cores": 2, "password": "hunter2"], sensitive: ["password"])
        var seen = F.record(vm)
        seen.attributes = ["cores": 6, "password": "changed"]
        let provider = RecordingProvider(refreshAnswers: [.vm("vm"): .present(seen)])
        let plan = try await F.plan([vm], state: [F.record(vm)], providers: [provider])
        #expect(plan.drift == [ResourceChange(address: .vm("vm"), action: .update, attributeChanges: [
            AttributeChange(name: "cores", old: 2, new: 6),
            AttributeChange(name: "password", old: "hunter2", new: "changed", sensitive: true),
        ], reason: "changed outside kiln")])
        let change = try #require(plan.change(for: .vm("vm")))
        #expect(change.action == .update)
        #expect(change.reason == "changed outside kiln")
        #expect(change.attributeChanges.first == AttributeChange(name: "cores", old: 6, new: 2), "diffed against the refreshed record")
    }

    @Test func driftThatMatchesThePlanNeedsNoChange() async throws {
        let wanted = F.vm("vm", ["cores": 6])
        var seen = F.record(wanted)
        seen.attributes = ["cores": 6]
        let provider = RecordingProvider(refreshAnswers: [.vm("vm"): .present(seen)])
        let plan = try await F.plan([wanted], state: [F.record(F.vm("vm", ["cores": 2]))], providers: [provider])
        #expect(plan.drift.map(\.address) == [.vm("vm")])
        #expect(plan.changes.isEmpty)
    }

    @Test func aResourceDeletedOutsideIsDriftAndIsCreatedAgain() async throws {
        let vm = F.vm("vm"), config = F.vm("config", dependsOn: ["vm"])
        let provider = RecordingProvider(refreshAnswers: [.vm("vm"): .absent])
        let plan = try await F.plan([vm, config], state: [F.record(vm), F.record(config)], providers: [provider])
        #expect(plan.drift.map { "\($0.action.rawValue) \($0.address) \($0.reason ?? "")" }
                == ["delete test_vm.vm deleted outside kiln"])
        #expect(plan.actions == ["create test_vm.vm"])
        #expect(plan.change(for: .vm("vm"))?.reason?.contains("deleted outside kiln") == true)
        #expect(plan.warnings.isEmpty, "nothing that exists is destroyed")
    }

    @Test func refreshIsOneCallPerProviderWithAllItsRecords() async throws {
        let vms = RecordingProvider()
        let disks = RecordingProvider(resourceTypes: ["test_disk"])
        let disk = Resource(address: ResourceAddress(type: "test_disk", name: "d1"))
        let desired = [F.vm("a"), F.vm("b"), F.vm("c"), disk]
        _ = try await F.plan(desired, state: desired.map { F.record($0) }, providers: [vms, disks])
        #expect(vms.refreshes == ["refresh test_vm.a test_vm.b test_vm.c"])
        #expect(disks.refreshes == ["refresh test_disk.d1"])
    }

    @Test func noRefreshWhenAskedNotToOrWhenStateIsEmpty() async throws {
        let provider = RecordingProvider()
        _ = try await F.plan([F.vm("a")], state: [F.record(F.vm("a"))], options: PlanOptions(refresh: false), providers: [provider])
        _ = try await F.plan([F.vm("a")], providers: [provider])
        #expect(provider.refreshes.isEmpty)
    }

    @Test func aFailedRefreshNamesTheProviderAndTheResources() async throws {
        let provider = RecordingProvider(refreshFailure: "connection refused")
        let desired = [F.vm("a"), F.vm("b")]
        do {
            _ = try await F.plan(desired, state: desired.map { F.record($0) }, providers: [provider])
            Issue.record("the plan went on without a refresh")
        } catch let PlanningError.refreshFailed(name, addresses, message, _) {
            #expect(name.contains("RecordingProvider"))
            #expect(addresses == [.vm("a"), .vm("b")])
            #expect(message == "connection refused")
        }
    }

    @Test func aPendingIntentIsAdoptedNotRedoneAndNotRefreshed() async throws {
        let vm = F.vm("vm")
        var record = F.record(vm)
        record.pending = PendingIntent(operation: .create, outsideIDs: ["vmid": "1011"], step: "cloned")
        let provider = RecordingProvider()
        let plan = try await F.plan([vm, F.vm("other")], state: [record, F.record(F.vm("other"))], providers: [provider])
        #expect(plan.actions == ["adopt test_vm.vm"])
        #expect(plan.change(for: .vm("vm"))?.reason == "a run stopped during create at cloned; kiln will adopt what it left")
        #expect(plan.summary.toAdopt == 1 && plan.hasChanges)
        #expect(provider.refreshes == ["refresh test_vm.other"])
        #expect(plan.warnings.isEmpty)
    }

    @Test func anUnfinishedOperationOnAnOrphanIsAdoptedToo() async throws {
        var record = F.record(F.vm("old"))
        record.pending = PendingIntent(operation: .delete)
        let plan = try await F.plan([], state: [record])
        #expect(plan.actions == ["adopt test_vm.old"])
        #expect(plan.change(for: .vm("old"))?.reason == "a run stopped during delete; kiln will adopt what it left")
    }
}

@Suite("Planner: readiness gates", .timeLimit(.minutes(1)))
struct PlannerGateTests {
    typealias F = PlanningFixture

    let vm = F.vm("cp", ["disk": 10], forcing: ["disk"])
    let bootstrap = F.vm("bootstrap", dependsOn: ["cp"])
    var gate: Resource { F.gate("api", dependsOn: [.vm("bootstrap")]) }
    var state: [ResourceRecord] { [F.record(vm), F.record(bootstrap), F.record(gate)] }

    @Test func aGateNeverPassedIsCreatedAndCountedAsACheck() async throws {
        let plan = try await F.plan([vm, bootstrap, gate])
        #expect(plan.actions == ["create test_vm.cp", "create test_vm.bootstrap", "create test_gate.api"])
        #expect(plan.summary == PlanSummary(toAdd: 2, gatesToCheck: 1))
    }

    @Test func aPassedGateWithNothingChangedUpstreamIsLeftAlone() async throws {
        let plan = try await F.plan([vm, bootstrap, gate], state: state)
        #expect(!plan.hasChanges)
    }

    @Test func aPassedGateIsCheckedAgainWhenAnythingUpstreamChanges() async throws {
        let bigger = F.vm("cp", ["disk": 20], forcing: ["disk"])
        let plan = try await F.plan([bigger, bootstrap, gate], state: state)
        #expect(plan.actions == ["replace test_vm.cp", "read test_gate.api"])
        #expect(plan.change(for: .gate("api"))?.reason == "test_vm.cp changes: it must pass again")
        #expect(plan.summary == PlanSummary(toAdd: 1, toDestroy: 1, gatesToCheck: 1))
        let job = try #require(try plan.jobs().first { $0.address == .gate("api") })
        #expect(job.isGate && job.action == .read && job.timeout == .seconds(30))
    }
}

@Suite("Planner: destroy mode and targets", .timeLimit(.minutes(1)))
struct PlannerScopeTests {
    typealias F = PlanningFixture

    let chain = [F.vm("image"), F.vm("vm", dependsOn: ["image"]), F.vm("config", dependsOn: ["vm"]), F.vm("other")]

    @Test func destroyDeletesEverythingDependentsFirst() async throws {
        let plan = try await F.plan([], state: chain.map { F.record($0) }, options: PlanOptions(mode: .destroy))
        #expect(plan.actions == ["delete test_vm.config", "delete test_vm.other", "delete test_vm.vm", "delete test_vm.image"])
        #expect(plan.summary == PlanSummary(toDestroy: 4))
        #expect(plan.warnings.isEmpty, "destroy has its own confirmation")
        let jobs = Dictionary(uniqueKeysWithValues: try plan.jobs().map { ($0.address, $0) })
        #expect(jobs[.vm("image")]?.dependencies == [.vm("vm")])
        #expect(jobs[.vm("config")]?.dependencies == [])
    }

    @Test func targetedDestroyTakesWhatDependsOnTheTargetToo() async throws {
        let plan = try await F.plan([], state: chain.map { F.record($0) },
                                    options: PlanOptions(mode: .destroy, targets: [.vm("vm")]))
        #expect(plan.actions == ["delete test_vm.config", "delete test_vm.vm"])
    }

    @Test func targetedApplyTakesTheTargetAndWhatItDependsOn() async throws {
        let plan = try await F.plan(chain, options: PlanOptions(targets: [.vm("vm")]))
        #expect(plan.actions == ["create test_vm.image", "create test_vm.vm"])
        #expect(try plan.jobs().map(\.address).sorted() == [.vm("image"), .vm("vm")])
    }

    @Test func targetedApplyLeavesOtherOrphansAlone() async throws {
        let state = [F.record(F.vm("old1")), F.record(F.vm("old2"))]
        let plan = try await F.plan([F.vm("a")], state: state, options: PlanOptions(targets: [.vm("old1")]))
        #expect(plan.actions == ["delete test_vm.old1"])
    }

    @Test func anUnknownTargetIsAnError() async throws {
        await #expect(throws: PlanningError.unknownTarget(.vm("nope"))) {
            try await F.plan(chain, options: PlanOptions(targets: [.vm("nope")]))
        }
        await #expect(throws: PlanningError.unknownTarget(.vm("nope"))) {
            try await F.plan([], state: chain.map { F.record($0) }, options: PlanOptions(mode: .destroy, targets: [.vm("nope")]))
        }
    }

    @Test func replaceOutsideTheTargetsIsAnError() async throws {
        await #expect(throws: PlanningError.replaceOutsideTargets(.vm("other"))) {
            try await F.plan(chain, state: chain.map { F.record($0) },
                             options: PlanOptions(targets: [.vm("vm")], replace: [.vm("other")]))
        }
    }
}
