import Foundation
import KilnTestSupport
import Testing
@testable import KilnPlan

/// The example plans in `plans/` and the starter in `templates/` must always validate clean: they are the documentation's
/// examples and the lab's input.
@Suite struct ExamplePlanTests {
    static func path(_ name: String, folder: String = "plans") -> String {
        SharedReference.packageRoot.appendingPathComponent("\(folder)/\(name)").path
    }

    @Test func theStarterTemplateValidatesClean() {
        let report = PlanLoader.load(Self.path("plan.yaml", folder: "templates"))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.plan?.name == "dev")
    }

    @Test func labPlan() throws {
        let report = PlanLoader.load(Self.path("lab.yaml"))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let plan = try #require(report.plan)
        #expect(plan.name == "lab")
        #expect(plan.proxmox.endpoint == "https://127.0.10.1:8006")
        #expect(plan.network.vip.description == "127.0.10.100")
        #expect(plan.controlPlanes.map(\.ip.description) == ["127.0.10.11", "127.0.10.12", "127.0.10.13"])
        #expect(plan.workers.map(\.ip.description) == ["127.0.10.21", "127.0.10.22"])
        #expect(plan.cilium.clusterID == 3)
        #expect(plan.cilium.clusterMesh?.endpoint.description == "127.0.10.200")
    }

    @Test func homelabPlansFormAMesh() throws {
        let reports = PlanLoader.loadAll([Self.path("homelab-main.yaml"), Self.path("homelab-gitlab.yaml")])
        for report in reports { #expect(report.diagnostics.isEmpty, "\(report.file): \(report.diagnostics)") }
        let main = try #require(reports[0].plan), gitlab = try #require(reports[1].plan)
        #expect(main.cilium.clusterMesh?.name == "homelab" && gitlab.cilium.clusterMesh?.name == "homelab")
        #expect(main.cilium.clusterID == 1 && gitlab.cilium.clusterID == 2)
        #expect(gitlab.nodes.map(\.resources) == Array(repeating: NodeResources(cores: 4, sockets: 1, memory: .gib(4), disk: .gb(30)), count: 2))
        #expect(gitlab.nodes.allSatisfy { $0.proxmoxNode == "plusha" })
        #expect(gitlab.proxmox.source == .template(vmid: 110))
        #expect(!main.network.podCIDR.overlaps(gitlab.network.podCIDR))
    }
}
