import Foundation
@testable import KilnLab
import Testing

/// Proxmox misbehaving the ways real clusters do: every run converges on exactly the plan's
/// VMs, never a duplicate.
@Suite("Proxmox faults through kiln")
struct FaultsThroughKilnTests {
    static let clone = "POST /nodes/{node}/qemu/{vmid}/clone"

    func expectExactlyThePlansVMs(_ lab: ProviderLab, sourceLocation: SourceLocation = #_sourceLocation) async {
        let vms = await lab.vms().values
        #expect(vms.map(\.name).sorted() == ["t-cp-1", "t-worker-1", "t-worker-2"], sourceLocation: sourceLocation)
        #expect(vms.allSatisfy { $0.isRunning }, sourceLocation: sourceLocation)
    }

    @Test func aBurstOf5xxAnswersIsRetried() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            try await lab.cluster.addFault(FaultRule(match: Self.clone, times: 2, error: .init(status: 500, message: "got timeout")))
            try await lab.cluster.addFault(FaultRule(match: "GET /nodes/{node}/qemu/{vmid}/config", times: 2,
                                                     error: .init(status: 503, message: "Service Unavailable")))
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")
            await expectExactlyThePlansVMs(lab)
            #expect(await lab.cluster.tasks.values.filter { $0.upid.type == "qmclone" }.count == 3)
        }
    }

    @Test func noWorkerUPIDIsRetriedBecauseNothingStarted() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            try await lab.cluster.addFault(FaultRule(match: Self.clone, times: 3, noWorker: true))
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")
            await expectExactlyThePlansVMs(lab)
        }
    }

    @Test func aFailingTaskShowsItsLogAndTheNextRunFinishes() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            let failure = FaultRule.TaskError(message: "storage 'local-lvm' is full",
                                              log: ["create full clone of drive scsi0 (local-lvm:base-9000-disk-0)",
                                                    "  Volume group \"pve\" has insufficient free space"])
            try await lab.cluster.addFault(FaultRule(match: Self.clone, times: 1, failTask: failure))
            let failed = await lab.apply()
            #expect(failed.status != 0)
            #expect(failed.combined.contains("ended with: storage 'local-lvm' is full"), "\(failed.combined)")
            #expect(failed.combined.contains("Volume group \"pve\" has insufficient free space"))

            let resumed = await lab.apply()
            #expect(resumed.status == 0, "\(resumed.combined)")
            await expectExactlyThePlansVMs(lab)
        }
    }

    @Test func aTemplateLockHeldByAnotherToolIsWaitedOut() async throws {
        // Another tool's clone keeps the template locked until this test lets go, which it does
        // once a clone of kiln's has failed on that lock ("got timeout" after 0.1 s): kiln must
        // clone again rather than give up.
        try await withProviderLab(ProviderLab.config(clone: 0.1, lockTimeout: 0.1)) { lab in
            try lab.writePlan()
            try await lab.cluster.addFault(FaultRule(match: Self.clone, times: 1, holdLock: 600))
            let other = try await lab.lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "1999", "name": "other-tool", "full": "1"])
            #expect(other.status == 200)

            async let applied = lab.apply()
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline,
                  await !lab.cluster.tasks.values.contains(where: { $0.exitStatus?.contains("got timeout") == true }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            await lab.cluster.releaseHeldLock(9000)

            let result = await applied
            #expect(result.status == 0, "\(result.combined)")
            let kilns = await lab.vms().values.filter { $0.config["tags"] == "kiln;kiln-t" }
            #expect(kilns.map(\.name).sorted() == ["t-cp-1", "t-worker-1", "t-worker-2"])
            let clones = await lab.cluster.tasks.values.filter { $0.upid.type == "qmclone" }
            #expect(clones.contains { $0.exitStatus?.contains("got timeout") == true }, "\(clones.map(\.exitStatus))")
        }
    }

    @Test func aCloneWhoseAnswerIsLostIsNeverSentTwice() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            try await lab.cluster.addFault(FaultRule(match: Self.clone, times: 1, reset: true))
            let failed = await lab.apply()
            #expect(failed.status != 0)
            #expect(failed.combined.contains("kiln did not send it twice"), "\(failed.combined)")

            let resumed = await lab.apply()
            #expect(resumed.status == 0, "\(resumed.combined)")
            await expectExactlyThePlansVMs(lab)
        }
    }
}
