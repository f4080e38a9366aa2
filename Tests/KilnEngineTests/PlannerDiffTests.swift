import KilnEngine
import Testing

@Suite("Planner: diffing desired against state", .timeLimit(.minutes(1)))
struct PlannerDiffTests {
    typealias F = PlanningFixture

    @Test func anEmptyStateCreatesEverythingInDependencyOrder() async throws {
        let desired = [F.vm("config", dependsOn: ["vm"]), F.vm("vm", ["cores": 4, "memory": 8192]), F.vm("image")]
        let plan = try await F.plan(desired)
        #expect(plan.actions == ["create test_vm.image", "create test_vm.vm", "create test_vm.config"])
        let vm = try #require(plan.change(for: .vm("vm")))
        #expect(vm.attributeChanges == [
            AttributeChange(name: "cores", old: nil, new: 4), AttributeChange(name: "memory", old: nil, new: 8192),
        ])
        #expect(plan.summary == PlanSummary(toAdd: 3))
        #expect(plan.warnings.isEmpty)
    }

    @Test func aStateThatMatchesGivesNoChanges() async throws {
        let desired = [F.vm("vm"), F.vm("config", dependsOn: ["vm"])]
        let plan = try await F.plan(desired, state: desired.map { F.record($0) })
        #expect(plan.changes.isEmpty)
        #expect(!plan.hasChanges)
        #expect(plan.unchanged == [.vm("config"), .vm("vm")])
        #expect(plan.summary.description == "No changes.")
    }

    @Test func aChangedAttributeIsAnUpdateInPlace() async throws {
        let before = F.vm("vm", ["cores": 2, "disk": 20], forcing: ["disk"])
        let after = F.vm("vm", ["cores": 4, "disk": 20], forcing: ["disk"])
        let plan = try await F.plan([after], state: [F.record(before)])
        #expect(plan.actions == ["update test_vm.vm"])
        #expect(plan.change(for: .vm("vm"))?.attributeChanges == [AttributeChange(name: "cores", old: 2, new: 4)])
        #expect(plan.summary == PlanSummary(toChange: 1))
        #expect(plan.warnings.isEmpty)
    }

    @Test func aChangeToAReplacementForcingAttributeReplacesAndWarns() async throws {
        let before = F.vm("vm", ["cores": 2, "disk": 20], forcing: ["disk"])
        let after = F.vm("vm", ["cores": 4, "disk": 10], forcing: ["disk"])
        let plan = try await F.plan([after], state: [F.record(before)])
        #expect(plan.actions == ["replace test_vm.vm"])
        let change = try #require(plan.change(for: .vm("vm")))
        #expect(change.attributeChanges.map(\.name) == ["cores", "disk"], "sorted by name")
        #expect(change.attributeChanges.map(\.forcesReplacement) == [false, true])
        #expect(plan.summary == PlanSummary(toAdd: 1, toDestroy: 1))
        #expect(plan.warnings == [PlanWarning(address: .vm("vm"), action: .replace, forcedBy: ["disk"], reason: nil)])
        #expect(plan.warnings.first?.description.contains("`disk` forces replacement") == true)
    }

    @Test func aTaintedRecordIsReplaced() async throws {
        let vm = F.vm("vm")
        let plan = try await F.plan([vm], state: [F.record(vm, status: .tainted)])
        #expect(plan.actions == ["replace test_vm.vm"])
        #expect(plan.change(for: .vm("vm"))?.reason?.contains("tainted") == true)
        #expect(plan.warnings.map(\.address) == [.vm("vm")])
    }

    @Test func aRecordNoLongerDesiredIsDeletedAfterWhatDependedOnIt() async throws {
        let old = F.vm("old"), config = F.vm("config", dependsOn: ["old"])
        var movedConfig = config
        movedConfig.dependencies = []
        movedConfig.attributes = ["cores": 3]
        let plan = try await F.plan([movedConfig], state: [F.record(old), F.record(config)])
        #expect(plan.actions == ["update test_vm.config", "delete test_vm.old"])
        let delete = try #require(plan.change(for: .vm("old")))
        #expect(delete.reason == "no longer in the plan")
        #expect(delete.attributeChanges == [AttributeChange(name: "cores", old: 2, new: nil)])
        #expect(plan.summary.description == "Plan: 0 to add, 1 to change, 1 to destroy.")
        #expect(plan.warnings.map(\.address) == [.vm("old")])
        let jobs = try plan.jobs()
        #expect(jobs.first { $0.address == .vm("old") }?.dependencies == [.vm("config")])
    }

    @Test func replaceFlagForcesAReplacementOfAnUnchangedResource() async throws {
        let vm = F.vm("vm")
        let plan = try await F.plan([vm], state: [F.record(vm)], options: PlanOptions(replace: [.vm("vm")]))
        #expect(plan.actions == ["replace test_vm.vm"])
        #expect(plan.change(for: .vm("vm"))?.reason?.contains("--replace") == true)
        #expect(plan.summary == PlanSummary(toAdd: 1, toDestroy: 1))
    }

    @Test func replaceFlagForAnAddressNotInThePlanIsAnError() async throws {
        let vm = F.vm("vm"), gone = F.vm("gone")
        await #expect(throws: PlanningError.unknownReplaceAddress(.vm("nope"), inState: false)) {
            try await F.plan([vm], options: PlanOptions(replace: [.vm("nope")]))
        }
        await #expect(throws: PlanningError.unknownReplaceAddress(.vm("gone"), inState: true)) {
            try await F.plan([vm], state: [F.record(gone)], options: PlanOptions(replace: [.vm("gone")]))
        }
    }

    @Test func aResourceTypeNoProviderOwnsIsAnErrorNamingIt() async throws {
        let odd = Resource(address: ResourceAddress(type: "mystery_box", name: "a"))
        await #expect(throws: PlanningError.noProvider(type: "mystery_box", addresses: [odd.address])) {
            try await F.plan([F.vm("vm"), odd])
        }
        let error = PlanningError.noProvider(type: "mystery_box", addresses: [odd.address])
        #expect(error.description.contains("`mystery_box`") && error.description.contains("mystery_box.a"))
    }

    @Test func twoProvidersClaimingOneTypeIsAnError() throws {
        #expect(throws: PlanningError.self) {
            try Planner(providers: [RecordingProvider(), RecordingProvider(resourceTypes: ["test_vm"])])
        }
    }

    @Test func aDependencyCycleIsAnError() async throws {
        await #expect(throws: PlanningError.invalidGraph(.cycle([.vm("a"), .vm("b"), .vm("a")]))) {
            try await F.plan([F.vm("a", dependsOn: ["b"]), F.vm("b", dependsOn: ["a"])])
        }
    }

    @Test func summaryCountsAsTerraformDoesAndSaysSo() async throws {
        let keep = F.vm("keep"), grow = F.vm("grow"), swap = F.vm("swap", ["disk": 1], forcing: ["disk"])
        let desired = [keep, F.vm("grow", ["cores": 8]), F.vm("swap", ["disk": 2], forcing: ["disk"]), F.vm("new")]
        let state = [keep, grow, swap, F.vm("orphan")].map { F.record($0) }
        let plan = try await F.plan(desired, state: state)
        #expect(plan.summary == PlanSummary(toAdd: 2, toChange: 1, toDestroy: 2))
        #expect(plan.summary.description == "Plan: 2 to add, 1 to change, 2 to destroy.")
        #expect(PlanSummary(toAdd: 1, toAdopt: 1, gatesToCheck: 2).description
                == "Plan: 1 to add, 0 to change, 0 to destroy. 1 unfinished operation to adopt. 2 readiness checks to run.")
    }
}

@Suite("Apply policy: nothing existing is destroyed unless asked", .timeLimit(.minutes(1)))
struct ApplyPolicyTests {
    typealias F = PlanningFixture

    @Test func anOrphanDeleteIsRefusedWithoutAllowDestroy() async throws {
        let plan = try await F.plan([F.vm("vm")], state: [F.record(F.vm("vm")), F.record(F.vm("old"))])
        #expect(throws: ApplyPolicyError(refusals: [
            .init(address: .vm("old"), action: .delete, why: "no longer in the plan", flag: "--allow-destroy"),
        ])) {
            try ApplyPolicy.check(plan, allowReplace: [], allowDestroy: false)
        }
        try ApplyPolicy.check(plan, allowReplace: [], allowDestroy: true)
    }

    @Test func aForcedReplacementIsRefusedUntilItsAddressIsGivenToReplace() async throws {
        let plan = try await F.plan([F.vm("vm", ["disk": 2], forcing: ["disk"])],
                                    state: [F.record(F.vm("vm", ["disk": 1], forcing: ["disk"]))])
        do {
            try ApplyPolicy.check(plan, allowReplace: [], allowDestroy: false)
            Issue.record("a replacement went through without --replace")
        } catch {
            #expect(error.refusals.map(\.flag) == ["--replace test_vm.vm"])
            #expect(error.description.contains("test_vm.vm would be destroyed and created again (`disk` forces replacement)"))
        }
        try ApplyPolicy.check(plan, allowReplace: [.vm("vm")], allowDestroy: false)
        try ApplyPolicy.check(plan, allowReplace: [], allowDestroy: true)
    }

    @Test func aReplacementAskedForWithReplaceIsAccepted() async throws {
        let vm = F.vm("vm")
        let plan = try await F.plan([vm], state: [F.record(vm)], options: PlanOptions(replace: [.vm("vm")]))
        try ApplyPolicy.check(plan, allowReplace: plan.options.replace, allowDestroy: false)
        #expect(throws: ApplyPolicyError.self) { try ApplyPolicy.check(plan, allowReplace: [], allowDestroy: false) }
    }

    @Test func createsUpdatesAndDestroyModeNeedNoFlags() async throws {
        let plan = try await F.plan([F.vm("new"), F.vm("vm", ["cores": 9])], state: [F.record(F.vm("vm"))])
        try ApplyPolicy.check(plan, allowReplace: [], allowDestroy: false)
        let destroy = try await F.plan([], state: [F.record(F.vm("vm"))], options: PlanOptions(mode: .destroy))
        try ApplyPolicy.check(destroy, allowReplace: [], allowDestroy: false)
    }

    @Test func somethingAlreadyDeletedOutsideIsNotRefused() async throws {
        let provider = RecordingProvider(refreshAnswers: [.vm("old"): .absent])
        let plan = try await F.plan([], state: [F.record(F.vm("old"))], providers: [provider])
        #expect(plan.actions == ["delete test_vm.old"])
        #expect(plan.warnings.isEmpty)
        try ApplyPolicy.check(plan, allowReplace: [], allowDestroy: false)
    }
}
