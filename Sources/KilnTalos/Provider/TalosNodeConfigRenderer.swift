import Foundation
import KilnPlan

/// A node's machine config as the provider sends it. (Interim: the plan-wide renderer with
/// patches replaces this body.)
enum TalosNodeConfigRenderer {
    static func render(plan: Plan, node: NodeSpec, secrets: TalosSecretsBundle) throws -> Data {
        let contract = try TalosContract.named("\(plan.talos.version)")
        var input = TalosConfigInput(
            role: node.role == .controlPlane ? .controlplane : .worker, contract: contract, clusterName: plan.name,
            endpoint: plan.controlPlaneEndpoint, kubernetesVersion: String("\(plan.talos.kubernetes)".dropFirst()),
            secrets: secrets)
        input.installDisk = plan.talos.installDisk
        input.hostname = node.name
        input.cni = .init(name: "none")
        input.kubeProxyDisabled = true
        input.allowSchedulingOnControlPlanes = plan.workers.isEmpty
        return Data(try TalosMachineConfig.generate(input).utf8)
    }
}
