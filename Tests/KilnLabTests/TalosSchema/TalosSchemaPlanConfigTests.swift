import Foundation
import KilnLab
import KilnPlan
import KilnTalos
import KilnTestSupport
import Testing

/// What kiln sends to the nodes of the project's own plans validates against the schema of the
/// plan's Talos version: the plan-driven config (VIP, static link, nameservers, CIDRs, cni none,
/// no kube-proxy, labels, taints, installer image) and every patch the plans carry.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosSchemaPlanConfigTests {
    static let plans = ["lab.yaml", "homelab-main.yaml", "homelab-gitlab.yaml"]

    @Test(arguments: plans)
    func everyNodeOfTheProjectsPlansGetsAValidConfig(_ name: String) throws {
        let path = SharedReference.packageRoot.appendingPathComponent("plans/\(name)").path
        let report = PlanLoader.load(path)
        let plan = try #require(report.plan, "\(report.diagnostics)")
        let schemas = try TalosConfigSchemaSet(directory: SharedReference.refDirectory)
        let secrets = try TalosSecretsBundle.decode(
            yaml: String(contentsOf: SharedReference.ref("talos-golden/secrets.yaml"), encoding: .utf8), source: "secrets.yaml")
        for node in plan.nodes {
            let config = try TalosNodeConfig.generate(for: node, in: plan, secrets: secrets)
            let violations = try schemas.violations(in: Data(config.utf8), talosVersion: "\(plan.talos.version.tagged)")
            if name == "homelab-main.yaml" {
                // Its NTP patch is a document of its own (NTP moved out of `machine.time` in 1.12).
                #expect(config.contains("kind: TimeSyncConfig") && config.contains("192.168.1.1"))
            }
            #expect(violations.isEmpty, "\(name) \(node.name): \(violations.map(\.description).joined(separator: "; "))")
        }
    }
}
