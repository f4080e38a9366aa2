import Foundation
import KilnPlan
import KilnTalos
import KilnTestSupport
import Testing

/// Small valid plans for the plan → config tests; each test changes one thing.
enum PlanConfigFixtures {
    static let plan = """
        name: demo
        proxmox:
          endpoint: https://pve.example:8006
          node: pve1
          template: 9000
          storage: local-lvm
        talos:
          version: v1.12.2
          kubernetes: v1.35.0
        network:
          subnet: 192.168.1.0/24
          gateway: 192.168.1.1
          nameservers: [192.168.1.1, 9.9.9.9]
          vip: 192.168.1.20
          podCIDR: 10.168.0.0/16
          serviceCIDR: 10.169.0.0/16
          dnsDomain: demo.local
        defaults:
          controlplane: {cores: 2, memory: 2GiB, disk: 10GB}
          worker: {cores: 2, memory: 2GiB, disk: 10GB}
        nodes:
          - name: demo-cp-1
            role: controlplane
            ip: 192.168.1.21
          - name: demo-worker-1
            role: worker
            ip: 192.168.1.22
            labels: {topology.kubernetes.io/zone: b, app: db}
            taints: [dedicated=db:NoSchedule, gpu:NoExecute]
        cilium:
          version: 1.18.4
          clusterID: 2
          loadBalancerPool: [192.168.1.30-192.168.1.31]

        """

    static func variant(_ replacements: (String, String)...) -> String {
        var text = plan
        for (old, new) in replacements {
            precondition(text.contains(old), "fixture does not contain \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// Parsed and validated; `directory` is where relative patch files resolve.
    static func load(_ text: String = plan, directory: String = FileManager.default.temporaryDirectory.path) throws -> (Plan, SourceMap) {
        let report = PlanLoader.parse(text, file: directory + "/plan.yaml", baseDirectory: directory)
        guard let plan = report.plan else {
            throw FixtureError(description: report.diagnostics.map(DiagnosticRenderer.render).joined(separator: "\n"))
        }
        return (plan, report.sourceMap)
    }

    struct FixtureError: Error, CustomStringConvertible { var description: String }

    static let bundle = Result { try TalosSecretsBundle.generate(serviceAccountKey: .ecdsaP256) }

    static func config(_ node: String, _ text: String = plan) throws -> String {
        let (plan, map) = try load(text)
        return try #require(try TalosNodeConfig.generate(node: node, in: plan, secrets: try bundle.get(), sourceMap: map))
    }
}

