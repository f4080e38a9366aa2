import Foundation
import KilnLab
import KilnTestSupport
import Testing

/// Configs that break the schema, each with the exact violation it must produce.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosSchemaViolationTests {
    func violations(_ yaml: String, talos: String = "v1.13.9") throws -> [String] {
        try TalosSchemaFixtures.violations(yaml, talos: talos).map(\.description)
    }

    @Test
    func anUnknownFieldIsNamedAtItsPath() throws {
        #expect(try violations("version: v1alpha1\nmachine:\n    install:\n        disk: /dev/sda\n        foo: bar\n")
            == ["document 0 (v1alpha1) /machine/install/foo: additional property `foo` is not allowed"])
    }

    @Test
    func aWrongTypeSaysWhatWasExpected() throws {
        #expect(try violations("version: v1alpha1\nmachine:\n    install:\n        disk: 42\n")
            == ["document 0 (v1alpha1) /machine/install/disk: expected string, got integer"])
    }

    @Test
    func scalarsAreTypedByTheirYAMLTagNotByTheirText() throws {
        // A quoted number is a string to Talos; a plain one an integer; `yes` is YAML 1.2 text.
        let config = """
            version: v1alpha1
            machine:
                features:
                    kubePrism:
                        enabled: true
                        port: "7445"
                install:
                    disk: !!str 42
                    image: yes
            """
        #expect(try violations(config) == ["document 0 (v1alpha1) /machine/features/kubePrism/port: expected integer, got string"])
        #expect(try violations(config.replacingOccurrences(of: "\"7445\"", with: "7445")) == [])
        #expect(try violations(config.replacingOccurrences(of: "enabled: true", with: "enabled: yes"))
            == ["document 0 (v1alpha1) /machine/features/kubePrism/enabled: expected boolean, got string",
                "document 0 (v1alpha1) /machine/features/kubePrism/port: expected integer, got string"])
    }

    @Test
    func aValueOutsideAnEnumListsTheAllowedOnes() throws {
        #expect(try violations("version: v1alpha1\nmachine:\n    type: banana\n")
            == ["document 0 (v1alpha1) /machine/type: `banana` is not one of: controlplane, worker"])
        #expect(try violations("apiVersion: v1alpha1\nkind: HostnameConfig\nauto: sometimes\n")
            == ["document 0 (HostnameConfig) /auto: `sometimes` is not one of: stable, off"])
    }

    @Test
    func aMissingRequiredFieldIsReportedOnItsObject() throws {
        #expect(try violations("apiVersion: v1alpha1\nkind: LinkConfig\naddresses:\n    - routePriority: 5\n")
            == ["document 0 (LinkConfig) /: missing required property `name`",
                "document 0 (LinkConfig) /addresses/0: missing required property `address`"])
    }

    @Test
    func aDocumentOfUnknownKindIsNamed() throws {
        #expect(try violations("version: v1alpha1\n---\napiVersion: v1alpha1\nkind: FooConfig\nname: x\n")
            == ["document 1 (FooConfig) /kind: unknown document kind `FooConfig` (the Talos v1.13 schema has no such kind)"])
        #expect(try violations("apiVersion: v1alpha1\nkind: 7\n") == ["document 0 (unknown) /kind: expected string, got integer"])
        #expect(try violations("- a\n- b\n") == ["document 0 (unknown) /: expected object, got array"])
    }

    @Test
    func aKnownKindOfTheWrongAPIVersionIsCheckedAgainstItsKind() throws {
        #expect(try violations("apiVersion: v1alpha2\nkind: HostnameConfig\nhostname: a\n")
            == ["document 0 (HostnameConfig) /apiVersion: `v1alpha2` is not one of: v1alpha1"])
    }

    @Test
    func patternsAreRE2Patterns() throws {
        let link = "apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\naddresses:\n    - address: ADDRESS\n"
        #expect(try violations(link.replacingOccurrences(of: "ADDRESS", with: "10.0.0.1/24")) == [])
        #expect(try violations(link.replacingOccurrences(of: "ADDRESS", with: "eth0.local"))
            == ["document 0 (LinkConfig) /addresses/0/address: `eth0.local` does not match pattern `^[0-9a-f.:]+/\\d{1,3}$`"])
        // RE2's `$` is the end of the text: a trailing newline does not match, as in Talos.
        #expect(try violations(link.replacingOccurrences(of: "ADDRESS", with: "\"10.0.0.1/24\\n\"")).count == 1)
        // RE2's `\d` is ASCII: Arabic-Indic digits are not digits.
        #expect(try violations(link.replacingOccurrences(of: "ADDRESS", with: "10.0.0.1/٢٤")).count == 1)
    }

    @Test
    func aBadURIIsReported() throws {
        #expect(try violations("version: v1alpha1\ncluster:\n    controlPlane:\n        endpoint: https://not a uri\n")
            == ["document 0 (v1alpha1) /cluster/controlPlane/endpoint: `https://not a uri` is not a valid uri"])
    }

    @Test
    func aOneOfFieldReportsTheAlternativeOfTheValuesType() throws {
        // extraArgs values: a string or a list of strings.
        let config = "version: v1alpha1\ncluster:\n    apiServer:\n        extraArgs:\n            a: b\n            c: [d, e]\n            f: [1]\n            g: true\n"
        #expect(try violations(config)
            == ["document 0 (v1alpha1) /cluster/apiServer/extraArgs/f/0: expected string, got integer",
                "document 0 (v1alpha1) /cluster/apiServer/extraArgs/g: matches none of the oneOf alternatives: expected string or array, got boolean"])
    }

    @Test
    func violationsOfSeveralDocumentsKeepTheirDocumentIndex() throws {
        let config = "version: v1alpha1\nfoo: 1\n---\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: 5\n"
        let found = try TalosSchemaFixtures.violations(config, talos: "v1.12.1")
        #expect(found == [
            TalosSchemaViolation(documentIndex: 0, documentKind: "v1alpha1", path: "/foo", reason: "additional property `foo` is not allowed"),
            TalosSchemaViolation(documentIndex: 2, documentKind: "HostnameConfig", path: "/hostname", reason: "expected string, got integer"),
        ])
    }

    @Test
    func pathsEscapeSlashesInKeys() throws {
        #expect(try violations("version: v1alpha1\nmachine:\n    nodeLabels:\n        node.kubernetes.io/role: 1\n")
            == ["document 0 (v1alpha1) /machine/nodeLabels/node.kubernetes.io~1role: expected string, got integer"])
    }
}
