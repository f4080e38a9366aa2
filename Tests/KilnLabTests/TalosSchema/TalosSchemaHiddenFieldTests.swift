import Foundation
import KilnLab
import KilnTestSupport
import Testing

/// Exactly the fields PROVENANCE.md says Talos writes and accepts without documenting them, in
/// exactly the versions it says, and nothing else.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosSchemaHiddenFieldTests {
    func violations(_ yaml: String, _ talos: String) throws -> [String] {
        try TalosSchemaFixtures.violations(yaml, talos: talos).map(\.description)
    }

    @Test(arguments: ["v1.12.0", "v1.13.0", "v1.14.0-rc.1"])
    func persistIsAllowedInEveryVersionAsABoolean(talos: String) throws {
        #expect(try violations("version: v1alpha1\npersist: true\n", talos) == [])
        #expect(try violations("version: v1alpha1\npersist: \"true\"\n", talos) == ["document 0 (v1alpha1) /persist: expected boolean, got string"])
    }

    @Test(arguments: ["v1.12.0", "v1.13.0"])
    func installExtraKernelArgsIsAllowedWhereMachineInstallExists(talos: String) throws {
        #expect(try violations("version: v1alpha1\nmachine:\n    install:\n        extraKernelArgs: [a=b]\n", talos) == [])
        #expect(try violations("version: v1alpha1\nmachine:\n    install:\n        extraKernelArgs: a=b\n", talos)
            == ["document 0 (v1alpha1) /machine/install/extraKernelArgs: expected array, got string"])
    }

    static let legacyNetwork = """
        version: v1alpha1
        machine:
            env:
                http_proxy: http://proxy:3128
            registries:
                mirrors:
                    docker.io:
                        endpoints: [https://mirror]
            network:
                hostname: cp-1
                interfaces:
                    - interface: eth0
                      addresses: [10.0.10.11/24]
                      routes:
                        - network: 0.0.0.0/0
                          gateway: 10.0.10.1
                      vip:
                        ip: 10.0.10.10
                nameservers: [1.1.1.1]

        """

    @Test
    func v113AcceptsTheLegacyNetworkEnvAndRegistriesWithTheDeprecatedVIP() throws {
        #expect(try violations(Self.legacyNetwork, "v1.13.2") == [])
        #expect(try violations(Self.legacyNetwork.replacingOccurrences(of: "ip: 10.0.10.10", with: "address: 10.0.10.10"), "v1.13.2")
            == ["document 0 (v1alpha1) /machine/network/interfaces/0/vip/address: additional property `address` is not allowed"])
        #expect(try violations(Self.legacyNetwork.replacingOccurrences(of: "nameservers:", with: "nameserver:"), "v1.13.2")
            == ["document 0 (v1alpha1) /machine/network/nameserver: additional property `nameserver` is not allowed"])
    }

    @Test
    func v112KnowsOnlyKubeSpanUnderMachineNetworkAndNoRegistries() throws {
        #expect(try violations(Self.legacyNetwork, "v1.12.4") == [
            "document 0 (v1alpha1) /machine/registries: additional property `registries` is not allowed",
            "document 0 (v1alpha1) /machine/network/hostname: additional property `hostname` is not allowed",
            "document 0 (v1alpha1) /machine/network/interfaces: additional property `interfaces` is not allowed",
            "document 0 (v1alpha1) /machine/network/nameservers: additional property `nameservers` is not allowed",
        ])
    }

    @Test
    func v114HasNoneOfTheV113HiddenFields() throws {
        let found = try violations(Self.legacyNetwork + "    install:\n        extraKernelArgs: [a=b]\n", "v1.14.0")
        #expect(found == ["env", "registries", "network", "install"].map {
            "document 0 (v1alpha1) /machine/\($0): additional property `\($0)` is not allowed"
        })
    }
}
