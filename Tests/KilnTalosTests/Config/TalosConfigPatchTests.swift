import KilnTalos
import Testing

/// Strategic merge as Talos does it, on small hand-made documents.
@Suite
struct TalosConfigPatchTests {
    static let config: [TalosYAML] = [
        .map([.init("version", .string("v1alpha1")),
              .init("machine", .map([.init("kubelet", .map([.init("image", .string("kubelet:v1")),
                                                             .init("disableManifestsDirectory", .bool(true))])),
                                     .init("certSANs", .strings(["a"]))]))]),
        .map([.init("apiVersion", .string("v1alpha1")), .init("kind", .string("HostnameConfig")), .init("auto", .string("stable"))]),
    ]

    static func apply(_ yaml: String) throws -> String {
        try TalosConfigPatch(yaml: yaml, source: "patch.yaml").applied(to: config)
    }

    @Test
    func aPatchWithoutKindMergesIntoTheV1Alpha1DocumentInStructOrder() throws {
        let text = try Self.apply("machine:\n  kubelet:\n    clusterDNS: [1.1.1.1]\n  certSANs: [b]\n")
        #expect(text.hasPrefix("""
            version: v1alpha1
            machine:
                kubelet:
                    image: kubelet:v1
                    clusterDNS:
                        - 1.1.1.1
                    disableManifestsDirectory: true
                certSANs:
                    - a
                    - b

            """))
    }

    @Test
    func patchDeleteRemovesTheKey() throws {
        let text = try Self.apply("machine:\n  certSANs:\n    $patch: delete\n")
        #expect(!text.contains("certSANs"))
    }

    @Test
    func aDocumentWithKindPatchesThatDocumentOrIsAdded() throws {
        let text = try Self.apply("""
            apiVersion: v1alpha1
            kind: HostnameConfig
            hostname: cp-1
            ---
            apiVersion: v1alpha1
            kind: ResolverConfig
            nameservers:
              - address: 1.1.1.1
            """)
        #expect(text.hasSuffix("""
            kind: HostnameConfig
            auto: stable
            hostname: cp-1
            ---
            apiVersion: v1alpha1
            kind: ResolverConfig
            nameservers:
                - address: 1.1.1.1

            """))
    }

    @Test
    func scalarsKeepTheirYAMLTypes() throws {
        let text = try Self.apply("machine:\n  kubelet:\n    registerWithFQDN: true\n    extraArgs: {max-pods: \"250\", v: 2}\n")
        #expect(text.contains("registerWithFQDN: true\n"))
        #expect(text.contains("max-pods: \"250\"\n"))
        #expect(text.contains("v: 2\n"))
    }

    @Test
    func malformedYAMLIsATypedErrorNamingThePatchWithoutQuotingIt() {
        #expect {
            try TalosConfigPatch(yaml: "machine: [secret-value\n", source: "cp.yaml")
        } throws: { error in
            guard let error = error as? TalosConfigError, case .patchNotYAML(let source, let problem) = error else { return false }
            return source == "cp.yaml" && !problem.contains("secret-value")
        }
    }

    @Test
    func aDocumentThatIsNotAMappingIsRejected() {
        #expect(throws: TalosConfigError.patchNotAMapping(source: "p.yaml", document: 1)) {
            try TalosConfigPatch(yaml: "- a\n", source: "p.yaml")
        }
    }
}
