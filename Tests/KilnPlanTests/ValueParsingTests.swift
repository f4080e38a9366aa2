import Testing
@testable import KilnPlan

@Suite struct ValueParsingTests {
    @Test func sizesNeedAnExplicitUnit() throws {
        #expect(SizeParser.parse("4GiB") == .success(ByteSize(4, .gib)))
        #expect(try SizeParser.parse("4GiB").get().bytes == 4 << 30)
        #expect(try SizeParser.parse("30GB").get().bytes == 30_000_000_000)
        #expect(try SizeParser.parse("512 MiB").get().mebibytesRoundedUp == 512)
        #expect(try SizeParser.parse("1.5TiB").get().gibibytesRoundedUp == 1536)
        #expect(SizeParser.parse("4096") == .failure(.bareNumber("4096")))
        #expect(SizeParser.parse("4G") == .failure(.ambiguousUnit(number: "4", unit: "G")))
        #expect(SizeParser.parse("4Gi") == .failure(.ambiguousUnit(number: "4", unit: "Gi")))
        #expect(SizeParser.parse("4 bananas") == .failure(.unknownUnit(number: "4", unit: "bananas")))
        #expect(SizeParser.parse("GiB") == .failure(.malformed))
        #expect(ByteSize(30, .gb) > ByteSize(10, .gb))
        #expect(ByteSize.gib(4).description == "4GiB")
    }

    @Test func versionsWithOrWithoutV() throws {
        let talos = try SemanticVersion.parse("v1.12.2").get()
        #expect(talos == SemanticVersion(1, 12, 2))
        #expect(talos.tagged == "v1.12.2")
        #expect(try SemanticVersion.parse("1.18.4").get().plain == "1.18.4")
        #expect(try SemanticVersion.parse("v1.18.4").get().plain == "1.18.4")
        #expect(try SemanticVersion.parse("v1.14.0-rc.1").get().prerelease == "rc.1")
        #expect(SemanticVersion.parse("v1.12") == .failure(.missingPatch(major: 1, minor: 12)))
        #expect(SemanticVersion.parse("latest") == .failure(.malformed))
        #expect(SemanticVersion.parse("v01.2.3") == .failure(.malformed))
        #expect(SemanticVersion(1, 14, 0, prerelease: "rc.1") < SemanticVersion(1, 14, 0))
    }

    @Test func talosKubernetesSupportTable() throws {
        let v = { (text: String) in try SemanticVersion.parse(text).get() }
        #expect(TalosKubernetesSupport.isSupported(talos: try v("v1.12.2"), kubernetes: try v("v1.35.0")))
        #expect(TalosKubernetesSupport.isSupported(talos: try v("v1.12.2"), kubernetes: try v("v1.30.4")))
        #expect(!TalosKubernetesSupport.isSupported(talos: try v("v1.12.2"), kubernetes: try v("v1.36.0")))
        #expect(!TalosKubernetesSupport.isSupported(talos: try v("v1.12.2"), kubernetes: try v("v1.29.0")))
        #expect(TalosKubernetesSupport.isSupported(talos: try v("v1.13.0"), kubernetes: try v("v1.36.1")))
        #expect(TalosKubernetesSupport.kubernetesMinors(forTalos: try v("v1.10.6")) == 28...33)
        #expect(TalosKubernetesSupport.kubernetesMinors(forTalos: try v("v1.9.0")) == nil)
    }

    @Test func fingerprintsAreNormalised() {
        let colons = (0..<32).map { _ in "ab" }.joined(separator: ":")
        #expect(PlanDecoder.normaliseFingerprint(colons) == colons.uppercased())
        #expect(PlanDecoder.normaliseFingerprint(String(repeating: "AB", count: 32)) == colons.uppercased())
        #expect(PlanDecoder.normaliseFingerprint("AB:CD") == nil)
        #expect(PlanDecoder.normaliseFingerprint(String(repeating: "ZZ", count: 32)) == nil)
    }

    @Test func suggestionsByEditDistance() {
        #expect(FieldSuggestion.closest(to: "searchDomian", in: PlanDecoder.networkFields) == "searchDomain")
        #expect(FieldSuggestion.closest(to: "podCidr", in: PlanDecoder.networkFields) == "podCIDR")
        #expect(FieldSuggestion.closest(to: "cilum", in: PlanDecoder.topLevelFields) == "cilium")
        #expect(FieldSuggestion.closest(to: "colour", in: PlanDecoder.proxmoxFields) == nil)
        #expect(FieldSuggestion.editDistance("kitten", "sitting") == 3)
    }

    @Test func names() throws {
        #expect(NameRules.isDNSLabel("gitlab-cp-1"))
        #expect(!NameRules.isDNSLabel("GitLab"))
        #expect(!NameRules.isDNSLabel("-a"))
        #expect(!NameRules.isDNSLabel(String(repeating: "a", count: 64)))
        #expect(NameRules.ciliumClusterNameProblem("gitlab") == nil)
        #expect(NameRules.ciliumClusterNameProblem("default") != nil)
        #expect(NameRules.ciliumClusterNameProblem(String(repeating: "a", count: 33)) != nil)
        #expect(NameRules.labelKeyProblem("topology.kubernetes.io/zone") == nil)
        #expect(NameRules.labelKeyProblem("a/b/c") != nil)
        #expect(NameRules.labelKeyProblem("Example.com/x") != nil)
        #expect(NameRules.labelValueProblem("") == nil)
        #expect(try NameRules.parseTaint("dedicated=gitlab:NoSchedule").get() == Taint(key: "dedicated", value: "gitlab", effect: .noSchedule))
        #expect(try NameRules.parseTaint("node-role.kubernetes.io/control-plane:NoExecute").get().value == nil)
        #expect((try? NameRules.parseTaint("dedicated=gitlab").get()) == nil)
        #expect((try? NameRules.parseTaint("dedicated:noschedule").get()) == nil)
        #expect(NameRules.isVariableName("DNS_NAME"))
        #expect(!NameRules.isVariableName("1X"))
    }
}
