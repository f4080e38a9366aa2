import Foundation
import KilnLab
import KilnTestSupport
import Testing

/// What Talos's own generator writes validates against Talos's own schema, with exactly the
/// hidden fields PROVENANCE.md lists allowed, except the one known mismatch inside v1.14.0-rc.1.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosSchemaGoldenTests {
    static let files: [(folder: String, talos: String, file: String)] = TalosSchemaFixtures.goldenVersions.flatMap { version in
        ["base-controlplane.yaml", "base-worker.yaml", "overrides-controlplane.yaml", "overrides-worker.yaml"].map {
            (version.folder, version.talos, $0)
        }
    }

    @Test(arguments: files)
    func goldenConfigValidates(folder: String, talos: String, file: String) throws {
        let data = try TalosSchemaFixtures.golden("\(folder)/\(file)")
        let violations = try TalosSchemaFixtures.schemas().violations(in: data, talosVersion: talos)
        if folder == "v1.14.0-rc.1" && file.hasPrefix("overrides-") {
            let text = String(decoding: data, as: UTF8.self)
            let index = try #require(TalosSchemaFixtures.documentIndex(ofKind: "UnattendedInstallConfig", in: text))
            #expect(violations == [TalosSchemaFixtures.rcUnattendedInstallMismatch(documentIndex: index)])
        } else {
            #expect(violations == [], "\(folder)/\(file): \(violations)")
        }
    }

    @Test
    func theRCMismatchReadsAsTheKindEnumNotAsAFailedOneOf() throws {
        let data = try TalosSchemaFixtures.golden("v1.14.0-rc.1/overrides-worker.yaml")
        let violations = try TalosSchemaFixtures.schemas().violations(in: data, talosVersion: "v1.14.0-rc.1")
        #expect(violations.map(\.description).contains { $0.hasSuffix("(UnattendedInstallConfig) /kind: `UnattendedInstallConfig` is not one of: UnattendedInstall") })
    }
}
