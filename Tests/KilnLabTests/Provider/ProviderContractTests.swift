import Foundation
@testable import KilnLab
import KilnProxmox
import KilnTestSupport
import Testing

/// The provider asks Proxmox only what Proxmox's own API schema accepts: a whole life cycle
/// (template and image VMs, changes, destroy) with the official schema enforced by the lab,
/// and zero requests refused.
@Suite("The Proxmox provider against PVE's API schema", .enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct ProviderContractTests {
    @Test func aWholeLifeCycleSendsNothingTheSchemaRefuses() async throws {
        try await withProviderLab { lab in
            #expect(await lab.cluster.schema != nil)
            var shape = ProviderLab.PlanShape()
            shape.pool = "kiln"
            shape.vlan = 20
            try lab.writePlan(shape)
            #expect(await lab.apply().status == 0)
            shape.cores = 4
            shape.disk = "12GiB"
            try lab.writePlan(shape)
            #expect(await lab.apply().status == 0)
            #expect(await lab.kiln("destroy", "--auto-approve", lab.planPath).status == 0)

            shape = ProviderLab.PlanShape()
            shape.imageSchematic = ImagesThroughKilnTests.schematic
            shape.pinVMIDs = false
            try lab.writePlan(shape)
            #expect(await lab.apply().status == 0)
            #expect(await lab.kiln("destroy", "--auto-approve", lab.planPath).status == 0)

            #expect(await lab.cluster.schemaRejections == 0)
            #expect(await lab.cluster.requests.count > 50)
        }
    }

    @Test func aRequestTheSchemaRefusesFailsWithPVEsErrorsMap() async throws {
        try await withProviderLab { lab in
            let settings = try ProxmoxConnectionSettings.fromEnvironment(lab.environment)
            let client = try ProxmoxClient(settings: settings)
            let error = await #expect(throws: ProxmoxError.self) {
                _ = try await client.clone(node: "lab", template: 9000, newID: 1300, name: "not a dns name!")
            }
            #expect(error?.kind == .parameters)
            #expect(error?.status == 400)
            #expect(error?.errors["name"] != nil, "\(String(describing: error))")
            #expect(await lab.cluster.schemaRejections == 1)
            lab.lab.expectMalformed(1)
        }
    }
}
