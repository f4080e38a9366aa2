import Foundation
@testable import KilnLab
import Testing

/// VMs from a Talos Image Factory image: Proxmox downloads it once per node, each VM imports it.
/// (A PVE older than 8.4 gets it over SSH: `ImagesOverSSHThroughKilnTests`.)
@Suite("Proxmox images through kiln")
struct ImagesThroughKilnTests {
    static let schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba"

    @Test func vmsAreCreatedFromTheDownloadedImage() async throws {
        try await withProviderLab { lab in
            var shape = ProviderLab.PlanShape()
            shape.imageSchematic = Self.schematic
            try lab.writePlan(shape)
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")

            let downloads = await lab.cluster.requests.filter { $0.path.hasSuffix("/download-url") }
            #expect(downloads.count == 1)
            let volume = "local:import/talos-376567988ad3-v1.12.2-nocloud-amd64.qcow2"
            let listed = try await lab.lab.get("/nodes/lab/storage/local/content?content=import").data.array ?? []
            #expect(listed.map { $0["volid"]?.string } == [volume])
            let vms = await lab.vms().values
            #expect(vms.count == 3)
            for vm in vms {
                #expect(vm.isRunning && vm.config["ide2"] == "local-lvm:vm-\(vm.vmid)-cloudinit,media=cdrom", "\(vm.config)")
                #expect(vm.config["scsi0"]?.hasPrefix("local-lvm:vm-\(vm.vmid)-disk-0") == true, "\(vm.config)")
                #expect(vm.config["scsi0"]?.hasSuffix("size=10G") == true, "\(vm.config)")
                #expect(vm.config["boot"] == "order=scsi0")
            }
            // Every VM imported the one downloaded file.
            let creates = await lab.cluster.requests.filter { $0.method == "POST" && $0.path == "/nodes/lab/qemu" }
            #expect(creates.count == 3)
            #expect(await lab.kiln("plan", lab.planPath).stdout.contains("No changes."))

            let destroyed = await lab.kiln("destroy", "--auto-approve", lab.planPath)
            #expect(destroyed.status == 0, "\(destroyed.combined)")
            #expect(await lab.vms().isEmpty)
            let left = await lab.cluster.requests.filter { $0.method == "DELETE" && $0.path.contains("/storage/local/content/") }
            #expect(left.count == 1, "the image is deleted with the cluster")
        }
    }

    @Test func aNewTalosVersionDownloadsANewImageAndKeepsTheVMs() async throws {
        try await withProviderLab { lab in
            var shape = ProviderLab.PlanShape()
            shape.imageSchematic = Self.schematic
            try lab.writePlan(shape)
            #expect(await lab.apply().status == 0)
            let before = await lab.vms()

            shape.talosVersion = "v1.12.3"
            try lab.writePlan(shape)
            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("~ proxmox_image.lab"), "\(planned.stdout)")
            #expect(planned.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."))
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")

            let listed = try await lab.lab.get("/nodes/lab/storage/local/content?content=import").data.array ?? []
            #expect(listed.map { $0["volid"]?.string } == ["local:import/talos-376567988ad3-v1.12.3-nocloud-amd64.qcow2"])
            #expect(await lab.vms() == before)
        }
    }
}
