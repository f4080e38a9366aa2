import KilnTalos
import Testing

/// Same inputs, same bytes: kiln compares generated configs to decide whether a node changed.
@Suite
struct TalosMachineConfigDeterminismTests {
    /// Generated once (RSA-4096 is slow): these tests need no reference data.
    static let bundle = Result { try TalosSecretsBundle.generate() }

    @Test(arguments: [TalosContract.v1_10, .v1_11, .v1_12, .v1_13, .v1_14], TalosConfigInput.Role.allCases)
    func generatingTwiceGivesIdenticalBytes(contract: TalosContract, role: TalosConfigInput.Role) throws {
        var input = TalosConfigInput(role: role, contract: contract, clusterName: "lab", endpoint: "https://10.0.0.10:6443",
                                     kubernetesVersion: "1.33.1", secrets: try Self.bundle.get())
        input.sysctls = [("net.core.somaxconn", "65535"), ("fs.inotify.max_user_watches", "524288")]
        input.registryMirrors = [.init(registry: "docker.io", endpoints: ["https://mirror.example"])]
        let first = try TalosMachineConfig.generate(input)
        let second = try TalosMachineConfig.generate(input)
        #expect(first == second)
    }

    @Test(arguments: [TalosContract.v1_13, .v1_14])
    func mapFieldsAreWrittenSortedWhateverTheInputOrder(contract: TalosContract) throws {
        var input = TalosConfigInput(role: .worker, contract: contract, clusterName: "lab", endpoint: "https://10.0.0.10:6443",
                                     kubernetesVersion: "1.33.1", secrets: try Self.bundle.get())
        input.sysctls = [("vm.max_map_count", "262144"), ("net.core.somaxconn", "65535")]
        let text = try TalosMachineConfig.generate(input)
        let first = try #require(text.range(of: "net.core.somaxconn: \"65535\""))
        let second = try #require(text.range(of: "vm.max_map_count: \"262144\""))
        #expect(first.lowerBound < second.lowerBound)
    }

    @Test
    func documentsAreSeparatedByDashesWithoutComments() throws {
        let input = TalosConfigInput(role: .controlplane, contract: .v1_14, clusterName: "lab",
                                     endpoint: "https://10.0.0.10:6443", kubernetesVersion: "1.33.1", secrets: try Self.bundle.get())
        let text = try TalosMachineConfig.generate(input)
        #expect(text.hasPrefix("version: v1alpha1\n"))
        #expect(text.contains("\n---\napiVersion: v1alpha1\nkind: KubeProxyConfig\n"))
        #expect(!text.split(separator: "\n").contains { $0.trimmingPrefix(while: { $0 == " " }).hasPrefix("#") })
    }

    @Test(arguments: ["v1.13", "1.13", "v1.13.9", "v1.14.0-rc.1", "v1.10.3"])
    func aReleaseNamesTheContractOfItsMinorVersion(name: String) throws {
        let contract = try TalosContract.named(name)
        #expect(name.contains(contract.version.dropFirst()))
    }

    @Test
    func anUnknownVersionIsATypedErrorListingTheSupportedOnes() {
        #expect(throws: TalosConfigError.unsupportedVersion("v1.9.5", supported: ["v1.10", "v1.11", "v1.12", "v1.13", "v1.14"])) {
            try TalosContract.named("v1.9.5")
        }
    }
}
