import Foundation
import KilnLab
import KilnTalos
import KilnTestSupport
import Testing

/// kiln's own generator output validates against the Talos schema of its contract, for every
/// role × contract × plan option kiln drives.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosSchemaGeneratorMatrixTests {
    enum Option: String, CaseIterable, Sendable {
        case defaults
        /// VIP + a static link with a default and a destination route + nameservers + hostname.
        case staticNetworking
        case cniNoneAndNoKubeProxy
        case labelsAndTaints
        case installImage
        case schedulingOnControlPlanes
        /// The golden `overrides-*` inputs and their patch.
        case goldenOverrides
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var role: TalosConfigInput.Role
        var contract: TalosContract
        /// The Talos version whose schema checks this contract's output.
        var talos: String
        var option: Option
        var testDescription: String { "\(role.rawValue) \(contract.version) \(option.rawValue)" }
    }

    static let contracts: [(TalosContract, String)] = [(.v1_12, "v1.12.0"), (.v1_13, "v1.13.9"), (.v1_14, "v1.14.0-rc.1")]

    static let cases: [Case] = TalosConfigInput.Role.allCases.flatMap { role in
        contracts.flatMap { contract, talos in
            Option.allCases.map { Case(role: role, contract: contract, talos: talos, option: $0) }
        }
    }

    static func secrets() throws -> TalosSecretsBundle {
        let text = try String(contentsOf: SharedReference.ref("talos-golden/secrets.yaml"), encoding: .utf8)
        return try TalosSecretsBundle.decode(yaml: text, source: "secrets.yaml")
    }

    static func config(_ testCase: Case) throws -> String {
        var input = TalosConfigInput(role: testCase.role, contract: testCase.contract, clusterName: "matrix",
                                     endpoint: "https://10.0.10.10:6443", kubernetesVersion: "1.33.1", secrets: try secrets())
        var patches: [TalosConfigPatch] = []
        switch testCase.option {
        case .defaults:
            break
        case .staticNetworking:
            input.hostname = "node-1"
            input.links = [.init(name: "eth0", addresses: ["10.0.10.11/24", "fd00::11/64"],
                                 routes: [.init(gateway: "10.0.10.1"), .init(destination: "192.168.0.0/16", gateway: "10.0.10.254")])]
            input.nameservers = ["1.1.1.1", "9.9.9.9"]
            input.virtualIP = .init(address: "10.0.10.10", link: "eth0")
        case .cniNoneAndNoKubeProxy:
            input.cni = .init(name: "none")
            input.kubeProxyDisabled = true
            input.podSubnets = ["10.20.0.0/16"]
            input.serviceSubnets = ["10.21.0.0/16"]
        case .labelsAndTaints:
            input.nodeLabels = [("topology.kubernetes.io/zone", "lab-a"), ("node.kubernetes.io/exclude-from-external-load-balancers", "false")]
            input.nodeTaints = [("dedicated", "infra:NoSchedule")]
        case .installImage:
            input.installDisk = "/dev/sda"
            input.installImage = "factory.talos.dev/installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.0"
        case .schedulingOnControlPlanes:
            input.allowSchedulingOnControlPlanes = true
        case .goldenOverrides:
            input.additionalCertSANs = ["foo", "bar"]
            input.allowSchedulingOnControlPlanes = true
            input.dnsDomain = "example.com"
            input.installDisk = "/dev/vda"
            input.installExtraKernelArgs = ["foo=bar", "bar=baz"]
            input.localAPIServerPort = 5443
            input.sysctls = [("foo", "bar")]
            input.cni = .init(name: "custom", urls: ["https://example.com/cni.yaml"])
            input.registryMirrors = [.init(registry: "ghcr.io", endpoints: ["https://ghcr.io.my-mirror.com"])]
            let patch = testCase.contract.clusterLayout == .kubeDocuments ? "patch-v1.14.yaml" : "patch.yaml"
            patches = [try TalosConfigPatch(yaml: String(contentsOf: SharedReference.ref("talos-golden/" + patch), encoding: .utf8), source: patch)]
        }
        return try TalosMachineConfig.generate(input, patches: patches)
    }

    @Test(arguments: cases)
    func generatedConfigValidates(testCase: Case) throws {
        let config = try Self.config(testCase)
        let violations = try TalosSchemaFixtures.violations(config, talos: testCase.talos)
        // v1.14 writes the install settings as an `UnattendedInstallConfig` document, whose kind
        // the rc schema misspells; that one known mismatch is expected, nothing else.
        let expected = testCase.contract == .v1_14
            ? TalosSchemaFixtures.documentIndex(ofKind: "UnattendedInstallConfig", in: config)
                .map { [TalosSchemaFixtures.rcUnattendedInstallMismatch(documentIndex: $0)] } ?? []
            : []
        #expect(violations == expected, "\(testCase.testDescription): \(violations)")
    }

    @Test
    func theMatrixReachesTheDocumentsItMeansToCheck() throws {
        // Guards the matrix against options that silently stop writing what they are for.
        let networking = try Self.config(.init(role: .controlplane, contract: .v1_13, talos: "v1.13.9", option: .staticNetworking))
        for kind in ["HostnameConfig", "LinkConfig", "Layer2VIPConfig", "ResolverConfig"] {
            #expect(TalosSchemaFixtures.documentIndex(ofKind: kind, in: networking) != nil, "\(kind)")
        }
        let proxy = try Self.config(.init(role: .controlplane, contract: .v1_14, talos: "v1.14.0-rc.1", option: .cniNoneAndNoKubeProxy))
        #expect(TalosSchemaFixtures.documentIndex(ofKind: "KubeProxyConfig", in: proxy) != nil)
    }
}
