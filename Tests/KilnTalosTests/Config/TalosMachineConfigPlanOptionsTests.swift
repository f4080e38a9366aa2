import KilnTalos
import Testing

/// What kiln's plans drive beyond the golden inputs, per contract layout.
@Suite
struct TalosMachineConfigPlanOptionsTests {
    static let bundle = Result { try TalosSecretsBundle.generate() }

    static func labInput(_ role: TalosConfigInput.Role, _ contract: TalosContract) throws -> TalosConfigInput {
        var input = TalosConfigInput(role: role, contract: contract, clusterName: "lab", endpoint: "https://10.0.10.10:6443",
                                     kubernetesVersion: "1.33.1", secrets: try bundle.get())
        input.cni = .init(name: "none")
        input.kubeProxyDisabled = true
        input.podSubnets = ["10.20.0.0/16"]
        input.serviceSubnets = ["10.21.0.0/16"]
        input.hostname = "cp-1"
        input.links = [.init(name: "eth0", addresses: ["10.0.10.11/24"], routes: [.init(gateway: "10.0.10.1")])]
        input.nameservers = ["1.1.1.1", "9.9.9.9"]
        input.virtualIP = .init(address: "10.0.10.10", link: "eth0")
        input.nodeLabels = [("topology.kubernetes.io/zone", "lab-a")]
        input.nodeTaints = [("dedicated", "infra:NoSchedule")]
        return input
    }

    @Test(arguments: TalosContract.all, TalosConfigInput.Role.allCases)
    func theOutputReadsBackAsTheSameDocuments(contract: TalosContract, role: TalosConfigInput.Role) throws {
        let input = try Self.labInput(role, contract)
        let text = try TalosMachineConfig.generate(input)
        // Parsing with libyaml and writing again proves the layout is YAML that means what it says.
        let reread = try TalosConfigPatch(yaml: text, source: "generated").documents
        #expect(reread == (try TalosMachineConfig.documents(input)))
    }

    @Test(arguments: [TalosContract.v1_12, .v1_13])
    func upToV113CNINoneAndProxyDisabledLiveInTheClusterSection(contract: TalosContract) throws {
        let text = try TalosMachineConfig.generate(try Self.labInput(.controlplane, contract))
        #expect(text.contains("    network:\n        cni:\n            name: none\n        dnsDomain: cluster.local\n        podSubnets:\n            - 10.20.0.0/16\n"))
        #expect(text.contains("    proxy:\n        disabled: true\n        image: registry.k8s.io/kube-proxy:v1.33.1\n"))
        #expect(text.contains("    nodeLabels:\n        node.kubernetes.io/exclude-from-external-load-balancers: \"\"\n        topology.kubernetes.io/zone: lab-a\n    nodeTaints:\n        dedicated: infra:NoSchedule\n"))
    }

    @Test
    func v114DisablesKubeProxyByDocumentAndDropsFlannel() throws {
        let text = try TalosMachineConfig.generate(try Self.labInput(.controlplane, .v1_14))
        #expect(text.contains("kind: KubeProxyConfig\nenabled: false\nimage: registry.k8s.io/kube-proxy:v1.33.1\n"))
        #expect(!text.contains("KubeFlannelCNIConfig"))
        #expect(!text.contains("KubeExternalManifestConfig"))
        #expect(text.contains("kind: ResolverConfig\nnameservers:\n    - address: 1.1.1.1\n    - address: 9.9.9.9\nhostDNS:\n"))
        // Labels and taints are Go maps in Talos: written sorted by key.
        #expect(text.contains("taints:\n    dedicated: infra:NoSchedule\n    node-role.kubernetes.io/control-plane: NoSchedule\n"))
    }

    @Test
    func theInstallerImageGoesWhereEachLayoutKeepsIt() throws {
        var input = try Self.labInput(.worker, .v1_13)
        input.installDisk = "/dev/sda"
        input.installImage = "factory.talos.dev/installer/abc123:v1.13.0"
        #expect(try TalosMachineConfig.generate(input).contains(
            "    install:\n        disk: /dev/sda\n        image: factory.talos.dev/installer/abc123:v1.13.0\n        wipe: false\n"))
        input.contract = .v1_14
        #expect(try TalosMachineConfig.generate(input).contains(
            "kind: UnattendedInstallConfig\ninstaller:\n    image: factory.talos.dev/installer/abc123:v1.13.0\nprovisioning:\n    diskSelector:\n        match: disk.dev_path == \"/dev/sda\"\n    wipe: false\n"))
    }

    @Test(arguments: [TalosContract.v1_13, .v1_14])
    func aLabelGivenAgainReplacesTalosValueInsteadOfRepeatingTheKey(contract: TalosContract) throws {
        var input = try Self.labInput(.controlplane, contract)
        input.nodeLabels = [("node.kubernetes.io/exclude-from-external-load-balancers", "false")]
        let text = try TalosMachineConfig.generate(input)
        #expect(text.contains("node.kubernetes.io/exclude-from-external-load-balancers: \"false\"\n"))
        #expect(!text.contains("node.kubernetes.io/exclude-from-external-load-balancers: \"\"\n"))
    }

    @Test(arguments: [TalosContract.v1_12, .v1_13, .v1_14])
    func fromV112NetworkingIsDocumentsAndOnlyControlPlanesAnnounceTheVIP(contract: TalosContract) throws {
        let controlPlane = try TalosMachineConfig.generate(try Self.labInput(.controlplane, contract))
        let worker = try TalosMachineConfig.generate(try Self.labInput(.worker, contract))
        for text in [controlPlane, worker] {
            #expect(text.contains("kind: HostnameConfig\nhostname: cp-1\n"))
            #expect(text.contains("kind: LinkConfig\nname: eth0\naddresses:\n    - address: 10.0.10.11/24\nroutes:\n    - gateway: 10.0.10.1\n"))
            #expect(!text.contains("interfaces:"))
        }
        #expect(controlPlane.contains("kind: Layer2VIPConfig\nname: 10.0.10.10\nlink: eth0\n"))
        #expect(!worker.contains("Layer2VIPConfig"))
    }

    @Test(arguments: [TalosContract.v1_10, .v1_11])
    func beforeV112NetworkingLivesInMachineNetwork(contract: TalosContract) throws {
        let text = try TalosMachineConfig.generate(try Self.labInput(.controlplane, contract))
        #expect(text.contains("""
                network:
                    hostname: cp-1
                    interfaces:
                        - interface: eth0
                          addresses:
                            - 10.0.10.11/24
                          routes:
                            - network: 0.0.0.0/0
                              gateway: 10.0.10.1
                          vip:
                            ip: 10.0.10.10
                    nameservers:
                        - 1.1.1.1
                        - 9.9.9.9

            """))
        #expect(!text.contains("kind: HostnameConfig"))
        let worker = try TalosMachineConfig.generate(try Self.labInput(.worker, contract))
        #expect(!worker.contains("vip:"))
    }
}
