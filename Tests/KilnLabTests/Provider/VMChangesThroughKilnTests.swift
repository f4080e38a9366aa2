import Foundation
@testable import KilnLab
import Testing

/// What a changed plan, or a VM changed by hand, does to the VMs kiln made.
@Suite("Changing Proxmox VMs through kiln")
struct VMChangesThroughKilnTests {
    @Test func coresMemoryAndALargerDiskChangeInPlaceWithoutARestart() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            let before = try #require(await lab.vms()[1201])

            var shape = ProviderLab.PlanShape()
            shape.cores = 4
            shape.memory = "4GiB"
            shape.disk = "20GiB"
            try lab.writePlan(shape)
            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("~ cores      = 2 -> 4"), "\(planned.stdout)")
            #expect(planned.stdout.contains("~ disk_gib   = 10 -> 20"))
            #expect(planned.stdout.contains("take effect after a reboot; kiln does not reboot nodes"))
            #expect(planned.stdout.contains("Plan: 0 to add, 3 to change, 0 to destroy."))

            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")
            let after = try #require(await lab.vms()[1201])
            #expect(after.config["cores"] == "4" && after.config["memory"] == "4096")
            #expect(after.config["scsi0"]?.hasSuffix("size=20G") == true)
            // Same VM, same MAC, never stopped.
            #expect(after.config["net0"] == before.config["net0"])
            #expect(after.startedAt == before.startedAt && after.isRunning)
            #expect(await lab.kiln("plan", lab.planPath).stdout.contains("No changes."))
        }
    }

    @Test func aSmallerDiskNeedsAReplacementThatApplyRefusesWithoutReplace() async throws {
        try await withProviderLab { lab in
            var shape = ProviderLab.PlanShape()
            shape.disk = "20GiB"
            try lab.writePlan(shape)
            #expect(await lab.apply().status == 0)

            shape.disk = "10GiB"
            try lab.writePlan(shape)
            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("Proxmox VE cannot shrink a disk (20 → 10 GiB)"), "\(planned.stdout)")
            #expect(planned.stdout.contains("-/+"))

            let refused = await lab.apply()
            #expect(refused.status != 0)
            #expect(refused.combined.contains("--replace"), "\(refused.combined)")
            #expect(await lab.vms()[1101]?.config["scsi0"]?.hasSuffix("size=20G") == true)
        }
    }

    @Test func anotherTemplateReplacesTheVMWhenAskedTo() async throws {
        var config = ProviderLab.config()
        config.templates.append(.init(vmid: 9001, name: "talos-next", node: "lab", storage: "local-lvm"))
        try await withProviderLab(config) { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            let oldMAC = await lab.vms()[1101]?.config["net0"]

            var shape = ProviderLab.PlanShape()
            shape.template = 9001
            try lab.writePlan(shape)
            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("~ template = 9000 -> 9001 # forces replacement"), "\(planned.stdout)")

            let replaced = await lab.apply("--allow-destroy")
            #expect(replaced.status == 0, "\(replaced.combined)")
            let vm = try #require(await lab.vms()[1101])
            #expect(vm.isRunning && vm.config["net0"] != oldMAC)
            #expect(await lab.vms().count == 3)
            #expect(await lab.kiln("plan", lab.planPath).stdout.contains("No changes."))
        }
    }

    @Test func changesMadeByHandShowAsDriftAndAreReverted() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            await lab.cluster.update(1201) { vm in
                vm.config["cores"] = "8"
                vm.config["tags"] = "kiln;kiln-t;hand-made"
            }
            await lab.cluster.update(1202) { vm in
                vm.status = "stopped"
            }

            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("# proxmox_vm.t-worker-1 has changed outside kiln\n"), "\(planned.stdout)")
            #expect(planned.stdout.contains("~ started = true -> false"))
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")
            #expect(await lab.vms()[1201]?.config["cores"] == "2")
            #expect(await lab.vms()[1201]?.config["tags"] == "kiln;kiln-t")
            #expect(await lab.vms()[1202]?.isRunning == true)
        }
    }

    @Test func aVMRenamedByHandIsStillKilnsAndGetsItsNameBack() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            await lab.cluster.update(1201) { $0.config["name"] = "renamed" }

            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("~ name = \"renamed\" -> \"t-worker-1\""), "\(planned.stdout)")
            #expect(await lab.apply().status == 0)
            #expect(await lab.vms()[1201]?.name == "t-worker-1")
            #expect(await lab.vms().count == 3)
        }
    }

    @Test func aVMDeletedByHandIsMadeAgain() async throws {
        try await withProviderLab { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            await lab.cluster.remove(1202)

            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("deleted outside kiln; kiln creates it again"), "\(planned.stdout)")
            #expect(planned.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."))
            #expect(await lab.apply().status == 0)
            #expect(await lab.vms()[1202]?.name == "t-worker-2")
        }
    }

    @Test func aVMMovedToAnotherNodeIsFollowedNotRecreated() async throws {
        var config = ProviderLab.config()
        config.nodes.append(.init(name: "lab2"))
        config.storages = [.init(name: "local-lvm", shared: true)]
        try await withProviderLab(config) { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            await lab.cluster.update(1201) { $0.node = "lab2" } // a migration done in the web interface

            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("No changes."), "\(planned.stdout)")

            // Placing it there in the plan too is only bookkeeping.
            var shape = ProviderLab.PlanShape()
            shape.node = "lab2"
            try lab.writePlan(shape)
            let moved = await lab.kiln("plan", lab.planPath)
            #expect(moved.stdout.contains("proxmox_vm.t-worker-1 will be updated in-place\n"), "\(moved.stdout)")
            #expect(moved.stdout.contains("proxmox_vm.t-cp-1 will be updated in-place (the VM migrates to the new node"))
            let before = await lab.vms()
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")
            let after = await lab.vms()
            #expect(after.values.allSatisfy { $0.node == "lab2" && $0.isRunning })
            #expect(after[1101]?.config == before[1101]?.config, "the same VM, moved")
            #expect(await lab.cluster.requests.contains { $0.path == "/nodes/lab/qemu/1101/migrate" })

            let destroyed = await lab.kiln("destroy", "--auto-approve", lab.planPath)
            #expect(destroyed.status == 0, "\(destroyed.combined)")
            #expect(await lab.vms().isEmpty)
        }
    }

    @Test func anotherNodeWithLocalStorageMeansANewVM() async throws {
        var config = ProviderLab.config()
        config.nodes.append(.init(name: "lab2"))
        config.storages = [.init(name: "local-lvm", shared: false, nodes: ["lab", "lab2"])]
        try await withProviderLab(config) { lab in
            try lab.writePlan()
            #expect(await lab.apply().status == 0)
            var shape = ProviderLab.PlanShape()
            shape.node = "lab2"
            try lab.writePlan(shape)
            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("~ node = \"lab\" -> \"lab2\" # forces replacement"), "\(planned.stdout)")
            #expect(planned.stdout.contains("Plan: 3 to add, 0 to change, 3 to destroy."))
        }
    }

    @Test func aPoolChangeMovesTheVMBetweenPools() async throws {
        var config = ProviderLab.config()
        config.pools = ["kiln", "other"]
        try await withProviderLab(config) { lab in
            var shape = ProviderLab.PlanShape()
            shape.pool = "kiln"
            try lab.writePlan(shape)
            #expect(await lab.apply().status == 0)
            #expect(await lab.vms()[1101]?.pool == "kiln")

            shape.pool = "other"
            try lab.writePlan(shape)
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")
            #expect(await lab.vms().values.allSatisfy { $0.pool == "other" })
            #expect(await lab.kiln("plan", lab.planPath).stdout.contains("No changes."))
        }
    }
}
