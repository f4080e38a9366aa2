import Foundation
import KilnProxmox
import KilnTestSupport
import Testing

/// kiln's own Proxmox client against the lab, configured the way a user configures it for a
/// real PVE: `PROXMOX_VE_ENDPOINT`, `PROXMOX_VE_API_TOKEN` and the certificate's fingerprint pin.
@Suite("The Proxmox client against the lab")
struct ProxmoxClientAgainstTheLabTests {
    func client(_ lab: LabHarness) throws -> ProxmoxClient {
        let settings = try ProxmoxConnectionSettings.fromEnvironment(
            ["PROXMOX_VE_ENDPOINT": lab.base, "PROXMOX_VE_API_TOKEN": lab.token],
            plan: .init(fingerprint: lab.server.certificate.fingerprint))
        return try ProxmoxClient(settings: settings)
    }

    @Test func cloneConfigureAndDeleteAVMThroughTasks() async throws {
        let lab = try await LabHarness()
        let pve = try client(lab)

        let version = try await pve.version()
        #expect(!version.version.isEmpty)
        let vmid = try await pve.nextID()
        #expect(try await pve.isVMIDFree(vmid))

        let clone = try await pve.clone(node: "lab", template: 9000, newID: vmid, name: "lab-cp-1", full: true)
        let cloned = try #require(try await pve.runTask(clone))
        #expect(cloned.succeeded)
        #expect(!(try await pve.isVMIDFree(vmid)))

        let listed = try await pve.clusterResources().first { $0.vmid == vmid }
        #expect(listed?.name == "lab-cp-1" && listed?.node == "lab" && listed?.lock == nil)

        let config = try await pve.vmConfig(node: "lab", vmid: vmid)
        try await pve.updateConfig(node: "lab", vmid: vmid, fields: ["cores": .int(4), "memory": .int(4096)], digest: config.digest)
        #expect(try await pve.vmConfig(node: "lab", vmid: vmid)["cores"] == "4")

        // The digest pins the edit to the config it was based on.
        let stale = await #expect(throws: ProxmoxError.self) {
            try await pve.updateConfig(node: "lab", vmid: vmid, fields: ["cores": .int(2)], digest: config.digest)
        }
        #expect(stale?.reason.isEmpty == false)

        #expect(try await pve.waitForTask(pve.delete(node: "lab", vmid: vmid)).succeeded)
        let gone = await #expect(throws: ProxmoxError.self) { try await pve.vmConfig(node: "lab", vmid: vmid) }
        #expect(gone?.kind == .notFound, "\(String(describing: gone))")
        await lab.stop()
    }

    @Test func aTokenWithoutTheCloneRightGetsPVEsPermissionError() async throws {
        let lab = try await LabHarness(LabHarness.config(tokenPrivileges: ["Sys.Audit", "VM.Audit"]))
        let pve = try client(lab)
        let error = await #expect(throws: ProxmoxError.self) {
            try await pve.clone(node: "lab", template: 9000, newID: 150)
        }
        #expect(error?.kind == .permission, "\(String(describing: error))")
        #expect(error?.missingPrivilege?.privilege == "VM.Clone")
        await lab.stop()
    }
}
