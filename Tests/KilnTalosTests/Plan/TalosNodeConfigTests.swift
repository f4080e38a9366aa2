import Foundation
import KilnPlan
import KilnTalos
import KilnTestSupport
import Testing

/// What a plan drives in each node's config.
@Suite
struct TalosNodeConfigTests {
    @Test
    func theControlPlaneGetsTheClusterNetworkAndTheVIP() throws {
        let text = try PlanConfigFixtures.config("demo-cp-1")
        for expected in [
            "    type: controlplane\n",
            "        endpoint: https://192.168.1.20:6443\n",
            "    clusterName: demo\n",
            "        cni:\n            name: none\n",
            "        dnsDomain: demo.local\n        podSubnets:\n            - 10.168.0.0/16\n        serviceSubnets:\n            - 10.169.0.0/16\n",
            "    proxy:\n        disabled: true\n",
            "        kubePrism:\n            enabled: true\n            port: 7445\n",
            "    certSANs:\n        - 192.168.1.20\n        - 192.168.1.21\n",
            "        disk: /dev/sda\n        image: ghcr.io/siderolabs/installer:v1.12.2\n",
            "        image: ghcr.io/siderolabs/kubelet:v1.35.0\n",
            "kind: HostnameConfig\nhostname: demo-cp-1\n",
            "kind: ResolverConfig\nnameservers:\n    - address: 192.168.1.1\n    - address: 9.9.9.9\n",
            "kind: LinkConfig\nname: ens18\naddresses:\n    - address: 192.168.1.21/24\nroutes:\n    - gateway: 192.168.1.1\n",
            "kind: Layer2VIPConfig\nname: 192.168.1.20\nlink: ens18\n",
        ] {
            #expect(text.contains(expected), "missing:\n\(expected)")
        }
        // There is a worker: control planes keep their NoSchedule taint.
        #expect(!text.contains("allowSchedulingOnControlPlanes"))
    }

    @Test
    func aWorkerGetsItsLabelsAndTaintsButNoVIP() throws {
        let text = try PlanConfigFixtures.config("demo-worker-1")
        #expect(text.contains("    type: worker\n"))
        #expect(text.contains("    nodeLabels:\n        app: db\n        topology.kubernetes.io/zone: b\n"))
        #expect(text.contains("    nodeTaints:\n        dedicated: db:NoSchedule\n        gpu: :NoExecute\n"))
        #expect(text.contains("address: 192.168.1.22/24"))
        #expect(!text.contains("Layer2VIPConfig"))
    }

    @Test
    func withoutWorkersControlPlanesAcceptWorkloads() throws {
        let text = try PlanConfigFixtures.config("demo-cp-1", PlanConfigFixtures.variant((
            "  - name: demo-worker-1\n    role: worker\n    ip: 192.168.1.22\n    labels: {topology.kubernetes.io/zone: b, app: db}\n    taints: [dedicated=db:NoSchedule, gpu:NoExecute]\n", "")))
        #expect(text.contains("    allowSchedulingOnControlPlanes: true\n"))
    }

    @Test
    func beforeV1_12TheVIPAndAddressLiveOnTheInterface() throws {
        let text = try PlanConfigFixtures.config("demo-cp-1", PlanConfigFixtures.variant(("version: v1.12.2", "version: v1.11.5"), ("kubernetes: v1.35.0", "kubernetes: v1.34.1")))
        #expect(text.contains("""
                network:
                    hostname: demo-cp-1
                    interfaces:
                        - interface: ens18
                          addresses:
                            - 192.168.1.21/24
                          routes:
                            - network: 0.0.0.0/0
                              gateway: 192.168.1.1
                          vip:
                            ip: 192.168.1.20
            """))
        #expect(!text.contains("kind: LinkConfig"))
    }

    @Test
    func theLinkNameCanBeChosen() throws {
        let (plan, _) = try PlanConfigFixtures.load()
        let node = try #require(plan.nodes.first)
        let text = try TalosNodeConfig.generate(for: node, in: plan, secrets: try PlanConfigFixtures.bundle.get(), link: "eth0")
        #expect(text.contains("kind: LinkConfig\nname: eth0\n"))
        #expect(text.contains("kind: Layer2VIPConfig\nname: 192.168.1.20\nlink: eth0\n"))
    }

    @Test
    func sameInputsGiveIdenticalBytes() throws {
        let (plan, map) = try PlanConfigFixtures.load()
        let bundle = try PlanConfigFixtures.bundle.get()
        for node in plan.nodes {
            let first = try TalosNodeConfig.generate(for: node, in: plan, secrets: bundle, sourceMap: map)
            let second = try TalosNodeConfig.generate(for: node, in: plan, secrets: bundle, sourceMap: map)
            #expect(first == second)
        }
    }

    @Test
    func anUnknownNodeHasNoConfig() throws {
        let (plan, _) = try PlanConfigFixtures.load()
        #expect(try TalosNodeConfig.generate(node: "nope", in: plan, secrets: try PlanConfigFixtures.bundle.get()) == nil)
    }

    static let planFiles: [String] = {
        let directory = SharedReference.packageRoot.appendingPathComponent("plans").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory + "/" + $0 }
    }()

    @Test(arguments: planFiles)
    func everyNodeOfEveryShippedPlanGetsAConfig(file: String) throws {
        let report = PlanLoader.load(file)
        let plan = try #require(report.plan, "\(report.diagnostics.map(DiagnosticRenderer.render))")
        let bundle = try PlanConfigFixtures.bundle.get()
        for node in plan.nodes {
            let text = try TalosNodeConfig.generate(for: node, in: plan, secrets: bundle, sourceMap: report.sourceMap)
            #expect(text.hasPrefix("version: v1alpha1\n"))
            #expect(text.contains("hostname: \(node.name)\n"), "\(node.name)")
            #expect(text.contains("\(node.ip)/\(plan.network.subnet.prefixLength)"))
            #expect(text.contains("    clusterName: \(plan.name)\n"))
            #expect(text == (try TalosNodeConfig.generate(for: node, in: plan, secrets: bundle, sourceMap: report.sourceMap)))
        }
    }

    @Test
    func theShippedPlansPatchesAreApplied() throws {
        let file = SharedReference.packageRoot.appendingPathComponent("plans/homelab-main.yaml").path
        let plan = try #require(PlanLoader.load(file).plan)
        let text = try #require(try TalosNodeConfig.generate(node: "main-worker-1", in: plan, secrets: try PlanConfigFixtures.bundle.get()))
        // NTP is its own document since Talos 1.12 (`machine.time` is gone from the schema).
        let document = try #require(text.components(separatedBy: "---\n").first { $0.contains("kind: TimeSyncConfig") })
        #expect(document.contains("- 192.168.1.1"))
    }
}

/// Which installer image nodes install from.
@Suite
struct TalosInstallerImageTests {
    static let schematic = String(repeating: "ab", count: 32)

    @Test
    func thePlansOwnImageWins() throws {
        let (plan, _) = try PlanConfigFixtures.load(PlanConfigFixtures.variant(("kubernetes: v1.35.0", "kubernetes: v1.35.0\n  installerImage: registry.example/talos/installer:v1.12.2")))
        #expect(TalosInstallerImage.reference(for: plan) == "registry.example/talos/installer:v1.12.2")
    }

    @Test
    func aSchematicGivesTheFactorysNocloudInstaller() throws {
        let (plan, _) = try PlanConfigFixtures.load(PlanConfigFixtures.variant(("kubernetes: v1.35.0", "kubernetes: v1.35.0\n  schematic: \(Self.schematic)")))
        #expect(TalosInstallerImage.reference(for: plan) == "factory.talos.dev/nocloud-installer/\(Self.schematic):v1.12.2")
    }

    @Test
    func theVMImagesSchematicPlatformAndFactoryAreUsedOtherwise() throws {
        let (plan, _) = try PlanConfigFixtures.load(PlanConfigFixtures.variant(
            ("  template: 9000\n", "  image: {schematic: \(Self.schematic), platform: metal, factory: \"https://factory.example:8443/\"}\n")))
        #expect(TalosInstallerImage.reference(for: plan) == "factory.example:8443/metal-installer/\(Self.schematic):v1.12.2")
    }

    @Test
    func withNeitherItIsTalossOwnInstaller() throws {
        let (plan, _) = try PlanConfigFixtures.load()
        #expect(TalosInstallerImage.reference(for: plan) == "ghcr.io/siderolabs/installer:v1.12.2")
    }
}

/// The plan's search domain reaches resolv.conf on every contract.
@Suite
struct TalosSearchDomainTests {
    @Test func theSearchDomainIsAResolverConfigDocumentFromV112AndMachineNetworkBefore() throws {
        let file = SharedReference.packageRoot.appendingPathComponent("plans/homelab-main.yaml").path
        let plan = try #require(PlanLoader.load(file).plan)
        let node = try #require(plan.nodes.first)
        let text = try TalosNodeConfig.generate(for: node, in: plan, secrets: try PlanConfigFixtures.bundle.get())
        let resolver = try #require(text.components(separatedBy: "---\n").first { $0.contains("kind: ResolverConfig") })
        #expect(resolver.contains("searchDomains:\n    domains:\n        - home.arpa\n"), "\(resolver)")

        var input = try TalosNodeConfig.input(for: node, in: plan, secrets: try PlanConfigFixtures.bundle.get())
        input.contract = .v1_11
        let legacy = try TalosMachineConfig.generate(input)
        #expect(legacy.contains("searchDomains:\n            - home.arpa\n"), "\(legacy)")
    }
}
