import Foundation
import KilnCrypto
import KilnEngine
import KilnPlan

/// A digest of everything in the plan one node's machine config is made from, secrets aside:
/// the plan can show "this node's config changes" before the secrets are even unsealed, and a
/// patch file edited on disk changes it too. One line per input, in a fixed order.
enum TalosConfigFingerprint {
    struct UnreadablePatch: Error, CustomStringConvertible, HintedError {
        var path: String
        var description: String { "the patch file \(path) cannot be read" }
        var hint: String { "check that \(path) exists and is readable, or remove it from the plan's patches" }
    }

    static func of(plan: Plan, node: NodeSpec) throws -> String {
        var lines: [String] = [
            "cluster \(plan.name) \(plan.controlPlaneEndpoint)",
            "talos \(plan.talos.version.tagged) kubernetes \(plan.talos.kubernetes.tagged) disk \(plan.talos.installDisk)",
            "installer \(plan.talos.installerImage ?? "-") schematic \(plan.talos.schematic ?? "-")",
            "network \(plan.network.subnet) gw \(plan.network.gateway) dns \(plan.network.nameservers.map { "\($0)" }.joined(separator: ","))",
            "search \(plan.network.searchDomain ?? "-") vip \(plan.network.vip)",
            "pods \(plan.network.podCIDR) services \(plan.network.serviceCIDR) domain \(plan.network.dnsDomain)",
            "control-planes \(plan.controlPlanes.map { "\($0.ip)" }.joined(separator: ",")) workers \(plan.workers.count)",
            "node \(node.name) \(node.role.rawValue) \(node.ip)",
            "labels " + node.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            "taints " + node.taints.map(\.description).joined(separator: ","),
        ]
        let rolePatches = node.role == .controlPlane ? plan.talos.patches.controlPlane : plan.talos.patches.worker
        for (level, patches) in [("cluster", plan.talos.patches.all), ("role", rolePatches), ("node", node.patches)] {
            for patch in patches { lines.append("patch \(level) " + (try text(of: patch))) }
        }
        return Hex.encode(Digest.sha256.hash(Array(lines.joined(separator: "\n").utf8)))
    }

    private static func text(of patch: ConfigPatch) throws -> String {
        switch patch {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { throw UnreadablePatch(path: path) }
            return "file \(path) " + Hex.encode(Digest.sha256.hash(Array(data)))
        case .merge(let yaml):
            return "merge \(yaml)"
        case .jsonPatch(let operations):
            return "json " + operations.map { "\($0.op) \($0.path) \($0.from ?? "") \($0.value ?? "")" }.joined(separator: ";")
        }
    }
}
