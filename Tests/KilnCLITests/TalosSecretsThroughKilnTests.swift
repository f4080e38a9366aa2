import Foundation
import KilnCLI
import KilnCrypto
import KilnEngine
import KilnPlan
import KilnResources
import KilnTalos
import KilnTestSupport
import Testing

/// `talos_secrets.cluster` through the real CLI and state: made once, sealed, never made again,
/// exported in talosctl's format; an imported bundle comes back byte for byte.
@Suite("Talos secrets through kiln")
struct TalosSecretsThroughKilnTests {
    /// The shipped resources and provider for secrets alone, with a quick service-account key.
    static let catalog = ResourceCatalog(
        providers: [TalosSecretsProvider(generate: { try TalosSecretsBundle.generate(serviceAccountKey: .ecdsaP256) })],
        resources: { TalosSecretsResources.resources(for: $0) })

    final class Fixture: Sendable {
        let directory: TemporaryDirectory
        var state: String { directory.path + "/state" }
        var key: String { directory.path + "/state.key" }

        init() throws {
            directory = try TemporaryDirectory()
            let text = Data((Data(try SecureRandom.bytes(32)).base64EncodedString() + "\n").utf8)
            _ = FileManager.default.createFile(atPath: key, contents: text, attributes: [.posixPermissions: 0o600])
        }

        func kiln(_ arguments: String...) async -> Kiln.InProcessResult {
            await Kiln.inProcess(arguments + ["--state-dir", state, "--state-key-file", key], catalog: TalosSecretsThroughKilnTests.catalog)
        }

        /// plans/lab.yaml, with `extra` lines added under `talos:`.
        func plan(talos extra: String = "") throws -> String {
            var text = try String(contentsOfFile: Kiln.labPlan, encoding: .utf8)
            if !extra.isEmpty { text = text.replacingOccurrences(of: "talos:\n", with: "talos:\n" + extra) }
            let path = directory.path + "/lab.yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func aBundleIsMadeOnceSealedAndExportedAsTalosctlReadsIt() async throws {
        let fixture = try Fixture()
        let plan = try fixture.plan()
        let applied = await fixture.kiln("apply", "--auto-approve", plan)
        #expect(applied.status == 0, "\(applied.stderr)")

        // Sealed: the state file holds no certificate or key, in any encoding.
        let stateText = try String(contentsOfFile: fixture.state + "/lab.json", encoding: .utf8)
        #expect(!stateText.contains("LS0tLS1CRUdJTi"), "base64 of '-----BEGIN' must not be in the state file")
        #expect(!stateText.contains("bootstraptoken"))

        #expect(await fixture.kiln("plan", plan).stdout.contains("No changes."))
        let shown = await fixture.kiln("state", "show", plan, "talos_secrets.cluster")
        #expect(shown.stdout.contains("(sensitive value)"), "\(shown.stdout)")

        let out = fixture.directory.path + "/secrets.yaml"
        let exported = await fixture.kiln("talos", "secrets", "export", plan, "--out", out)
        #expect(exported.status == 0, "\(exported.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let bundle = try TalosSecretsBundle.decode(yaml: try String(contentsOfFile: out, encoding: .utf8), source: out)
        #expect(bundle.certs.os.certificate.subject.description.contains("talos"))

        // Never made again, and never overwritten by accident.
        let again = await fixture.kiln("talos", "secrets", "export", plan, "--out", out)
        #expect(again.status == 1 && again.stderr.contains("--force"))
        #expect(await fixture.kiln("apply", "--auto-approve", plan).status == 0)
        let second = fixture.directory.path + "/second.yaml"
        #expect(await fixture.kiln("talos", "secrets", "export", plan, "--out", second).status == 0)
        #expect(try String(contentsOfFile: second, encoding: .utf8) == String(contentsOfFile: out, encoding: .utf8))
    }

    @Test("talosctl's secrets.yaml, imported, exports byte for byte", .enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
    func anImportedBundleRoundTrips() async throws {
        let fixture = try Fixture()
        let golden = SharedReference.ref("talos-golden/secrets.yaml").path
        let plan = try fixture.plan(talos: "  secretsFile: \(golden)\n")
        let applied = await fixture.kiln("apply", "--auto-approve", plan)
        #expect(applied.status == 0, "\(applied.stderr)")
        let out = fixture.directory.path + "/secrets.yaml"
        #expect(await fixture.kiln("talos", "secrets", "export", plan, "--out", out).status == 0)
        #expect(FileManager.default.contents(atPath: out) == FileManager.default.contents(atPath: golden))
    }

    @Test func switchingToAnotherBundleIsAReplacementApplyRefuses() async throws {
        let fixture = try Fixture()
        let plan = try fixture.plan()
        #expect(await fixture.kiln("apply", "--auto-approve", plan).status == 0)
        let before = fixture.directory.path + "/before.yaml"
        #expect(await fixture.kiln("talos", "secrets", "export", plan, "--out", before).status == 0)

        let imported = try fixture.plan(talos: "  secretsFile: \(before)\n")
        let planned = await fixture.kiln("plan", imported)
        #expect(planned.stdout.contains("new secrets are a new cluster identity"), "\(planned.stdout)")
        let refused = await fixture.kiln("apply", "--auto-approve", imported)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--replace talos_secrets.cluster"), "\(refused.stderr)")
    }
}
