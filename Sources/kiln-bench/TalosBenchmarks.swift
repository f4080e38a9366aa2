import Foundation
import KilnTalos

/// What a Talos cluster's identity and configs cost to make: a new secrets bundle (RSA-4096
/// dominates) plus the machine configs of a 3-node cluster, and configs alone for 100 nodes.
struct TalosBenchmarks {
    static let target: Duration = .milliseconds(1500)

    func run() async throws -> [Measurement] {
        var rows: [Measurement] = []
        var first = try await Runner.measure("Talos secrets + 3 machine configs (v1.13)", count: 5, width: 1) {
            let secrets = try TalosSecretsBundle.generate()
            for (index, role) in [TalosConfigInput.Role.controlplane, .controlplane, .worker].enumerated() {
                _ = try TalosMachineConfig.generate(Self.input(role, node: index, secrets: secrets))
            }
        }
        let p50 = first.percentile(0.5)
        first.note = "target < 1.5 s: \(p50 < Self.target ? "met" : "MISSED"); one RSA-4096 key per bundle"
        rows.append(first)

        let secrets = try TalosSecretsBundle.generate(serviceAccountKey: .ecdsaP256)
        var hundred = try await Runner.measure("machine configs for 100 nodes (v1.13)", count: 10, width: 1) {
            for node in 0..<100 {
                _ = try TalosMachineConfig.generate(Self.input(node < 3 ? .controlplane : .worker, node: node, secrets: secrets))
            }
        }
        hundred.items = (100, "configs")
        rows.append(hundred)
        return rows
    }

    /// A config as a plan drives it: static address, VIP on control planes, Cilium in place of
    /// the CNI and kube-proxy.
    static func input(_ role: TalosConfigInput.Role, node: Int, secrets: TalosSecretsBundle) -> TalosConfigInput {
        var input = TalosConfigInput(role: role, contract: .v1_13, clusterName: "bench", endpoint: "https://10.0.0.100:6443",
                                     kubernetesVersion: "1.35.0", secrets: secrets)
        let address = "10.0.\(node / 250).\(node % 250 + 1)"
        input.installDisk = "/dev/sda"
        input.cni = .init(name: "none")
        input.kubeProxyDisabled = true
        input.hostname = "bench-\(node)"
        input.additionalCertSANs = ["10.0.0.100", address]
        input.links = [.init(name: "eth0", addresses: ["\(address)/16"], routes: [.init(gateway: "10.0.255.254")])]
        input.nameservers = ["10.0.255.254"]
        if role == .controlplane { input.virtualIP = .init(address: "10.0.0.100", link: "eth0") }
        return input
    }
}
