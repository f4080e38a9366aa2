import Foundation
import KilnLab
import KilnTestSupport
import Testing

/// Loading the schema directory and choosing a schema by the node's Talos version.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosSchemaSetTests {
    @Test
    func allThreeSchemasLoadWithEveryPatternCompiled() throws {
        // Loading compiles every `pattern` and `patternProperties` key and resolves every $ref;
        // any that does not is a load error.
        #expect(try TalosSchemaFixtures.schemas().talosVersions == ["v1.12", "v1.13", "v1.14"])
    }

    @Test(arguments: [("v1.12.0", "v1.12"), ("1.12.7", "v1.12"), ("v1.13.9", "v1.13"), ("v1.13", "v1.13"),
                      ("v1.14.0-rc.1", "v1.14"), ("v1.14.2", "v1.14")])
    func theNodesVersionPicksItsMinorsSchema(version: String, minor: String) throws {
        // Only v1.14 has a `KubeletConfig` document.
        let kubelet = "apiVersion: v1alpha1\nkind: KubeletConfig\nimage: ghcr.io/siderolabs/kubelet:v1.33.1\n"
        let found = try TalosSchemaFixtures.violations(kubelet, talos: version).map(\.description)
        #expect(found == (minor == "v1.14" ? [] : [
            "document 0 (KubeletConfig) /kind: unknown document kind `KubeletConfig` (the Talos \(minor) schema has no such kind)",
        ]))
    }

    @Test(arguments: ["v1.11.5", "v2.0.0", "latest", ""])
    func aVersionWithoutSchemaIsAClearError(version: String) throws {
        #expect(throws: TalosSchemaError.unsupportedVersion(version, available: ["v1.12", "v1.13", "v1.14"])) {
            try TalosSchemaFixtures.violations("version: v1alpha1\n", talos: version)
        }
        let message = TalosSchemaError.unsupportedVersion(version, available: ["v1.12", "v1.13", "v1.14"]).description
        #expect(message == "no Talos config schema for Talos \(version) (schemas loaded for: v1.12, v1.13, v1.14)")
    }

    @Test
    func aDirectoryWithSomeSchemasServesOnlyThose() throws {
        let temporary = try TemporaryDirectory(prefix: "kiln-schema")
        let directory = temporary.url
        // The directory is removed when `temporary` is released: keep it until the test ends.
        defer { withExtendedLifetime(temporary) {} }
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("talos-config.schema.json"),
            withDestinationURL: SharedReference.ref("talos-config.schema.json"))
        let set = try TalosConfigSchemaSet(directory: directory)
        #expect(set.talosVersions == ["v1.13"])
        #expect(throws: TalosSchemaError.unsupportedVersion("v1.12.0", available: ["v1.13"])) {
            try set.violations(in: Data("version: v1alpha1\n".utf8), talosVersion: "v1.12.0")
        }
    }

    @Test
    func anEmptyDirectoryAndABrokenSchemaAreLoadErrors() throws {
        let temporary = try TemporaryDirectory(prefix: "kiln-schema")
        let directory = temporary.url
        // The directory is removed when `temporary` is released: keep it until the test ends.
        defer { withExtendedLifetime(temporary) {} }
        #expect(throws: TalosSchemaError.noSchemas(directory: directory.path, expected: TalosConfigSchemaSet.schemaFiles.map(\.file))) {
            try TalosConfigSchemaSet(directory: directory)
        }
        try Data(##"{"oneOf": [{"$ref": "#/$defs/missing"}]}"##.utf8).write(to: directory.appendingPathComponent("talos-config.schema.json"))
        #expect(throws: TalosSchemaError.unsupportedSchema(file: "talos-config.schema.json", path: "",
                                                           reason: "$ref to #/$defs/missing, which does not exist")) {
            try TalosConfigSchemaSet(directory: directory)
        }
        try Data(#"{"$defs": {"a": {"type": "string", "contentEncoding": "base64"}}}"#.utf8).write(to: directory.appendingPathComponent("talos-config.schema.json"))
        #expect(throws: TalosSchemaError.unsupportedSchema(file: "talos-config.schema.json", path: "/$defs/a/contentEncoding",
                                                           reason: "keyword `contentEncoding` is not supported by this validator")) {
            try TalosConfigSchemaSet(directory: directory)
        }
    }

    @Test
    func malformedYAMLIsAnErrorNotAViolation() throws {
        #expect(throws: TalosSchemaError.self) {
            try TalosSchemaFixtures.violations("version: v1alpha1\nmachine: [\n", talos: "v1.13.0")
        }
    }

    @Test
    func loadingAndValidatingTakeMilliseconds() throws {
        let clock = ContinuousClock()
        var set: TalosConfigSchemaSet?
        let load = try clock.measure { set = try TalosConfigSchemaSet(directory: SharedReference.refDirectory) }
        let config = try TalosSchemaFixtures.golden("v1.14.0-rc.1/overrides-controlplane.yaml")
        let schemas = try #require(set)
        _ = try schemas.violations(in: config, talosVersion: "v1.14.0")
        let validate = try clock.measure { _ = try schemas.violations(in: config, talosVersion: "v1.14.0") }
        print("Talos schemas: load of 3 files \(load), one v1.14 config validated in \(validate)")
        // Generous bounds: the machine is shared and tests run unoptimized.
        #expect(load < .seconds(5))
        #expect(validate < .seconds(1))
    }
}
