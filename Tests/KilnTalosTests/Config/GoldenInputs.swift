import Foundation
import KilnTalos
import KilnTestSupport

/// The inputs Talos's golden files were generated from (PROVENANCE.md, "talos-golden/ inputs"),
/// read in place from `../shared/ref/talos-golden`.
enum GoldenInputs {
    /// Folder name → contract.
    static let versions: [(folder: String, contract: TalosContract)] = [("v1.12", .v1_12), ("v1.13", .v1_13), ("v1.14.0-rc.1", .v1_14)]

    static func read(_ path: String) throws -> String {
        try String(contentsOf: SharedReference.ref("talos-golden/" + path), encoding: .utf8)
    }

    static func secrets() throws -> TalosSecretsBundle {
        try TalosSecretsBundle.decode(yaml: try read("secrets.yaml"), source: "secrets.yaml")
    }

    static func base(_ role: TalosConfigInput.Role, _ contract: TalosContract, _ secrets: TalosSecretsBundle) -> TalosConfigInput {
        TalosConfigInput(role: role, contract: contract, clusterName: "base", endpoint: "https://base:6443",
                         kubernetesVersion: "1.28.0", secrets: secrets)
    }

    static func overrides(_ role: TalosConfigInput.Role, _ contract: TalosContract, _ secrets: TalosSecretsBundle) -> TalosConfigInput {
        var input = base(role, contract, secrets)
        input.additionalCertSANs = ["foo", "bar"]
        input.allowSchedulingOnControlPlanes = true
        input.dnsDomain = "example.com"
        input.installDisk = "/dev/vda"
        input.installExtraKernelArgs = ["foo=bar", "bar=baz"]
        input.localAPIServerPort = 5443
        input.sysctls = [("foo", "bar")]
        input.cni = .init(name: "custom", urls: ["https://example.com/cni.yaml"])
        input.registryMirrors = [.init(registry: "ghcr.io", endpoints: ["https://ghcr.io.my-mirror.com"])]
        return input
    }

    static func patch(for contract: TalosContract) throws -> TalosConfigPatch {
        let file = contract.clusterLayout == .kubeDocuments ? "patch-v1.14.yaml" : "patch.yaml"
        return try TalosConfigPatch(yaml: try read(file), source: file)
    }
}
