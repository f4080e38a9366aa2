import Foundation
@testable import KilnLab
import Testing

/// `kiln apply`, `plan` and `destroy` with the Proxmox provider against the lab: the VMs the
/// plan asks for, in the shape it asks for, and nothing else.
@Suite("Proxmox VMs through kiln")
struct VMLifecycleThroughKilnTests {
    @Test func applyMakesThePlansVMsConfiguredAndRunning() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")
            #expect(applied.stdout.contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed."))

            let vms = await lab.vms()
            #expect(Set(vms.keys) == [1101, 1201, 1202])
            let vm = try #require(vms[1101])
            #expect(vm.name == "t-cp-1" && vm.isRunning && vm.node == "lab" && vm.lock == nil)
            #expect(vm.config["cores"] == "2" && vm.config["memory"] == "2048" && vm.config["cpu"] == "x86-64-v2-AES")
            #expect(vm.config["ipconfig0"] == "ip=127.0.20.11/24,gw=127.0.20.1")
            #expect(vm.config["nameserver"] == "127.0.20.1")
            #expect(vm.config["tags"] == "kiln;kiln-t")
            #expect(vm.config["onboot"] == "1")
            #expect(vm.config["net0"]?.hasPrefix("virtio=BC:24:11:") == true)
            #expect(vm.config["net0"]?.hasSuffix(",bridge=vmbr0") == true)
            #expect(vm.config["scsi0"]?.hasPrefix("local-lvm:vm-1101-disk-0") == true)
            #expect(vm.config["description"]?.contains("managed by kiln") == true)
        }
    }

    @Test func aTemplateWithoutACloudInitDriveGetsOneSoTheNetworkReachesTalos() async throws {
        try await withProviderLab { lab in
            await lab.cluster.update(9000) { $0.config["ide2"] = nil }
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            let vm = try #require(await lab.vms()[1101])
            #expect(vm.config["ide2"]?.contains("cloudinit") == true, "\(vm.config)")
            #expect(await lab.kiln("plan", lab.planPath).stdout.contains("No changes."))
        }
    }

    @Test func aSecondPlanSaysNoChangesWithOneRequest() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            await lab.cluster.clearRequests()

            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.status == 0, "\(planned.combined)")
            #expect(planned.stdout.contains("No changes."))
            #expect(await lab.requests() == ["GET /cluster/resources"])
        }
    }

    @Test func aUserAndPasswordWorkLikeAToken() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            let login: [String: String?] = ["PROXMOX_VE_API_TOKEN": .none, "PROXMOX_VE_USERNAME": "root@pam",
                                             "PROXMOX_VE_PASSWORD": "lab-password"]
            let applied = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: login)
            #expect(applied.status == 0, "\(applied.combined)")
            #expect(!applied.combined.contains("lab-password"))
            #expect(await lab.vms().count == 3)
            // One login for the whole run; every call after it rides on the ticket.
            let requests = await lab.cluster.requests
            #expect(requests.filter { $0.path == "/access/ticket" }.count == 1)
            #expect(requests.filter { $0.path != "/access/ticket" }.allSatisfy { $0.identity == "root@pam" })
        }
    }

    @Test func unpinnedVMIDsAreTakenFromNextIDAndKept() async throws {
        try await withProviderLab { lab in
            // More VMs than kiln tries per VMID clash: they must not race each other for nextid.
            var shape = ProviderLab.PlanShape()
            shape.pinVMIDs = false
            shape.nodes = [("t-cp-1", "controlplane", 0)] + (1...7).map { ("t-worker-\($0)", "worker", 0) }
            try lab.writePlan(shape)
            let applied = await lab.apply("--parallelism", "10")
            #expect(applied.status == 0, "\(applied.combined)")
            let names = Set(await lab.vms().values.map(\.name))
            #expect(names == Set(shape.nodes.map(\.0)))
            #expect(await lab.vms().keys.allSatisfy { $0 >= 100 && $0 < 9000 })

            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("No changes."), "\(planned.combined)")
        }
    }

    @Test func clonesOfOneTemplateTakeTurnsSoNoneTimesOutOnItsLock() async throws {
        // A clone holds the template's lock for 0.3 s; a second clone waiting for it would give
        // up after 0.1 s. Five VMs from one template only succeed if kiln clones them one by one.
        try await withProviderLab(ProviderLab.config(clone: 0.3, lockTimeout: 0.1)) { lab in
            var shape = ProviderLab.PlanShape()
            shape.nodes = [("t-cp-1", "controlplane", 1101)] + (1...4).map { ("t-worker-\($0)", "worker", 1200 + $0) }
            try lab.writePlan(shape)
            let applied = await lab.apply("--parallelism", "5")
            #expect(applied.status == 0, "\(applied.combined)")
            #expect(await lab.vms().count == 5)
            // Not one clone failed and was retried: they never overlapped.
            let clones = await lab.cluster.tasks.values.filter { $0.upid.type == "qmclone" }
            #expect(clones.count == 5)
            #expect(clones.allSatisfy { $0.exitStatus == "OK" }, "\(clones.map(\.exitStatus))")
        }
    }

    @Test func destroyRemovesEveryVMAndLeavesTheTemplate() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            let destroyed = await lab.kiln("destroy", "--auto-approve", lab.planPath)
            #expect(destroyed.status == 0, "\(destroyed.combined)")
            #expect(destroyed.stdout.contains("Destroy complete! Resources: 3 destroyed."))
            #expect(await lab.vms().isEmpty)
            #expect(await lab.cluster.virtualMachine(9000) != nil)
            // Each running VM was shut down before it was deleted with its disks.
            let requests = await lab.requests()
            #expect(requests.filter { $0.hasSuffix("/status/shutdown") }.count == 3)
            #expect(await lab.cluster.requests.filter { $0.method == "DELETE" }.allSatisfy {
                $0.query?.contains("purge=1") == true && $0.query?.contains("destroy-unreferenced-disks=1") == true
            })
        }
    }
}
