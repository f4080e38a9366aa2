import Foundation
import KilnCLI
import KilnCrypto
import KilnEngine
import KilnPlan
import KilnResources
import KilnTalos
import KilnTestSupport
import Testing

/// `kiln talos config`: a node's machine config from the plan and the secrets in state, printed
/// or written 0600; clear errors for an unknown node and for a cluster without secrets yet.
@Suite("kiln talos config")
struct TalosConfigThroughKilnTests {
    typealias Fixture = TalosSecretsThroughKilnTests.Fixture

    @Test
    func printsTheNodesConfigWithTheSecretsFromState() async throws {
        let fixture = try Fixture()
        let plan = try fixture.plan()
        #expect(await fixture.kiln("apply", "--auto-approve", plan).status == 0)
        let printed = await fixture.kiln("talos", "config", plan, "--node", "lab-cp-1")
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.hasPrefix("version: v1alpha1\n"))
        #expect(printed.stdout.contains("kind: HostnameConfig\nhostname: lab-cp-1\n"))
        #expect(printed.stdout.contains("kind: Layer2VIPConfig\nname: 127.0.10.100\n"))
        // Not a terminal: no warning, nothing else on stderr.
        #expect(printed.stderr.isEmpty, "\(printed.stderr)")

        // The same secrets as the state's bundle: its trustd token is the config's machine token.
        let out = fixture.directory.path + "/secrets.yaml"
        #expect(await fixture.kiln("talos", "secrets", "export", plan, "--out", out).status == 0)
        let bundle = try TalosSecretsBundle.decode(yaml: try String(contentsOfFile: out, encoding: .utf8), source: out)
        #expect(printed.stdout.contains("    token: \(bundle.trustdToken)\n"))
        #expect(await fixture.kiln("talos", "config", plan, "--node", "lab-cp-1").stdout == printed.stdout)
    }

    @Test
    func writesDirNodeYamlWithMode0600() async throws {
        let fixture = try Fixture()
        let plan = try fixture.plan()
        #expect(await fixture.kiln("apply", "--auto-approve", plan).status == 0)
        let directory = fixture.directory.path + "/configs"
        let written = await fixture.kiln("talos", "config", plan, "--node", "lab-worker-1", "--out", directory)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        #expect(written.stderr.contains("lab-worker-1.yaml (mode 0600)"))
        let file = directory + "/lab-worker-1.yaml"
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("    type: worker\n"))
    }

    @Test
    func onATerminalItWarnsThatTheOutputHoldsSecrets() async throws {
        let fixture = try Fixture()
        let plan = try fixture.plan()
        #expect(await fixture.kiln("apply", "--auto-approve", plan).status == 0)
        let captured = CapturedConsole()
        let status = await KilnMain.run(["talos", "config", plan, "--node", "lab-cp-1", "--state-dir", fixture.state,
                                         "--state-key-file", fixture.key],
                                        catalog: TalosSecretsThroughKilnTests.catalog, console: captured.console(outIsTerminal: true))
        #expect(status == 0)
        #expect(captured.stderr.contains("warning: this config holds the secrets of cluster lab"))
        #expect(captured.stdout.hasPrefix("version: v1alpha1\n"))
    }

    @Test
    func anUnknownNodeListsThePlansNodes() async throws {
        let fixture = try Fixture()
        let result = await fixture.kiln("talos", "config", try fixture.plan(), "--node", "lab-cp-9")
        #expect(result.status == 1)
        #expect(result.stderr.contains("has no node `lab-cp-9`; its nodes: lab-cp-1, lab-cp-2, lab-cp-3, lab-worker-1, lab-worker-2"),
                "\(result.stderr)")
        #expect(result.stderr.contains("fix: pass one of them to --node"))
    }

    @Test
    func withoutSecretsInStateItSaysToApplyFirst() async throws {
        let fixture = try Fixture()
        let plan = try fixture.plan()
        let result = await fixture.kiln("talos", "config", plan, "--node", "lab-cp-1")
        #expect(result.status == 1)
        #expect(result.stderr.contains("cluster lab has no Talos secrets in its state yet"), "\(result.stderr)")
        #expect(result.stderr.contains("fix: run `kiln apply \(plan)` first"))
        #expect(result.stdout.isEmpty)
    }

    @Test
    func aPatchThatDoesNotApplyIsReportedWithItsSourceAndFix() async throws {
        let fixture = try Fixture()
        let plan = try fixture.plan(talos: "  patches:\n    all:\n      - jsonPatch: [{op: remove, path: /machine/nothing}]\n")
        #expect(await fixture.kiln("apply", "--auto-approve", plan).status == 0)
        let result = await fixture.kiln("talos", "config", plan, "--node", "lab-cp-1")
        #expect(result.status == 1)
        #expect(result.stderr.contains("(talos.patches.all[0]), operation 0 at `/machine/nothing` does not apply"), "\(result.stderr)")
        #expect(result.stderr.contains("fix: "))
    }
}
