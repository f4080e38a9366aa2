import Foundation
import KilnCrypto
import KilnTalos
import KilnTestSupport
import Testing

/// Importing a bundle written by talosctl and exporting it gives back the very same file.
@Suite(.enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct TalosSecretsGoldenRoundTripTests {
    static let bundles = ["talos-golden/secrets.yaml", "talos-golden/secrets-generate-testdata.yaml"]

    static func read(_ bundle: String) throws -> String {
        try String(contentsOf: SharedReference.ref(bundle), encoding: .utf8)
    }

    @Test(arguments: bundles)
    func exportingAnImportedBundleGivesBackTheSameBytes(bundle: String) throws {
        let original = try Self.read(bundle)
        let imported = try TalosSecretsBundle.decode(yaml: original, source: bundle)
        let exported = try imported.encoded()
        // Compared as a Bool: printing either side would print the secrets.
        let identical = exported == original
        #expect(identical, "\(bundle): export differs from the imported file")
        if !identical {
            let a = original.split(separator: "\n", omittingEmptySubsequences: false)
            let b = exported.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("first difference at line \(line + 1)")
        }
    }

    @Test(arguments: bundles)
    func importedValuesAreWhatTheFileHolds(bundle: String) throws {
        let original = try Self.read(bundle)
        let imported = try TalosSecretsBundle.decode(yaml: original, source: bundle)
        // Checked as Bools with the field named: the values themselves stay out of the output.
        let fields: [(String, String)] = [
            ("cluster.id", "    id: \(imported.cluster.id)\n"),
            ("cluster.secret", "    secret: \(imported.cluster.secret)\n"),
            ("secrets.bootstraptoken", "    bootstraptoken: \(imported.bootstrapToken)\n"),
            ("secrets.secretboxencryptionsecret", "    secretboxencryptionsecret: \(imported.encryptionSecret.value)\n"),
            ("trustdinfo.token", "    token: \(imported.trustdToken)\n"),
        ]
        for (field, line) in fields {
            let found = original.contains(line)
            #expect(found, "\(bundle): \(field)")
        }
        #expect(imported.certs.os.certificate.subject == DistinguishedName(organizations: ["talos"]))
        #expect(imported.certs.k8sAggregator.certificate.subject.isEmpty)
        // These 2023 bundles predate RSA service-account keys (contracts up to v1.6).
        #expect(imported.certs.k8sServiceAccount.algorithm == .ecdsaP256)
    }

    @Test(arguments: bundles)
    func aBundleReadTwiceIsEqual(bundle: String) throws {
        let original = try Self.read(bundle)
        let first = try TalosSecretsBundle.decode(yaml: original, source: bundle)
        let second = try TalosSecretsBundle.decode(yaml: try first.encoded(), source: "export")
        #expect(first == second)
    }
}
