import Foundation
@testable import KilnPlan

/// A small valid plan for rule tests; each test changes one thing.
enum PlanFixtures {
    static let valid = """
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
          nameservers: [192.168.1.1]
          vip: 192.168.1.20
          podCIDR: 10.168.0.0/16
        defaults:
          controlplane: {cores: 2, memory: 2GiB, disk: 10GB}
          worker: {cores: 2, memory: 2GiB, disk: 10GB}
        nodes:
          - name: demo-cp-1
            role: controlplane
            ip: 192.168.1.21
            vmid: 2021
          - name: demo-worker-1
            role: worker
            ip: 192.168.1.22
            vmid: 2022
        cilium:
          version: 1.18.4
          clusterID: 2
          loadBalancerPool: [192.168.1.30-192.168.1.31]
          clusterMesh:
            name: homelab
            endpoint: 192.168.1.31

        """

    /// The valid plan with `old` replaced by `new` (which must be present).
    static func variant(_ old: String, _ new: String) -> String {
        precondition(valid.contains(old), "fixture does not contain \(old)")
        return valid.replacingOccurrences(of: old, with: new)
    }

    static func parse(_ text: String, file: String = "plan.yaml") -> PlanReport {
        PlanLoader.parse(text, file: file, baseDirectory: FileManager.default.temporaryDirectory.path)
    }

    /// Errors only, as `line:column message` for compact assertions.
    static func errors(_ text: String) -> [String] {
        parse(text).diagnostics.filter(\.isError).map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }
}
