import Foundation
import KilnProxmox
@testable import KilnLab
import Testing

@Suite("Smaller PVE behaviours: nextid, config keys kept, VMs moved outside kiln")
struct PVEBehaviourTests {
    @Test("Description, cpu, onboot and agent survive a config round trip")
    func configRoundTrip() async throws {
        try await withLab { lab async throws in
            try await lab.cloneAndWait(101)
            let description = "kiln: cluster demo\nplan: plans/demo.yaml"
            let put = try await lab.call(.put, "/nodes/lab/qemu/101/config", form: [
                "description": description, "cpu": "host", "onboot": "1", "agent": "enabled=1,fstrim_cloned_disks=1",
            ])
            #expect(put.status == 200)
            let config = try await lab.get("/nodes/lab/qemu/101/config").data
            #expect(config["description"] == .string(description))
            #expect(config["cpu"] == "host")
            #expect(config["onboot"] == 1)
            #expect(config["agent"] == "enabled=1,fstrim_cloned_disks=1")
        }
    }

    @Test("kiln's client reads a taken VMID from nextid's parameter exception as 'already exists'")
    func nextIDThroughTheClient() async throws {
        try await withLab { lab async throws in
            let pve = try ProxmoxClient(settings: try ProxmoxConnectionSettings.fromEnvironment(
                ["PROXMOX_VE_ENDPOINT": lab.base, "PROXMOX_VE_API_TOKEN": lab.token],
                plan: .init(fingerprint: lab.server.certificate.fingerprint)))
            #expect(try await pve.isVMIDFree(9000) == false)
            #expect(try await pve.isVMIDFree(150) == true)
        }
    }

    @Test("A VM migrated outside kiln is found on its new node; the old node says it does not exist")
    func migratedOutsideKiln() async throws {
        var config = LabHarness.config()
        config.nodes.append(.init(name: "lab2"))
        try await withLab(config) { lab async throws in
            try await lab.cloneAndWait(101)
            let moved = try await lab.client.send(.init(method: .post, url: URL(string: lab.base + "/lab/vms/101/migrate?target=lab2")!))
            #expect(moved.status == 200)
            #expect(try await lab.resource(101)?["node"] == "lab2")
            #expect(try await lab.get("/nodes/lab2/qemu/101/status/current").status == 200)
            let old = try await lab.get("/nodes/lab/qemu/101/config")
            #expect(old.reason == "Configuration file 'nodes/lab/qemu-server/101.conf' does not exist")
            let nowhere = try await lab.client.send(.init(method: .post, url: URL(string: lab.base + "/lab/vms/101/migrate?target=pve9")!))
            #expect(nowhere.status == 500)
        }
    }
}
