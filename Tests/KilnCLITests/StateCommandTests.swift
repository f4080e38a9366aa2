import Foundation
import KilnEngine
import KilnTestSupport
import Testing

/// `kiln state list|show|rm` through the real binary, against a state made with `StateStore`.
@Suite struct StateCommandTests {
    @Test func listPrintsEveryAddress() async throws {
        let fixture = try await StateFixture.make()
        let result = try fixture.kiln(["state", "list", Kiln.labPlan])
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.stdout == "proxmox_vm.lab-cp-1\ntalos_secrets.cluster\n")
    }

    @Test func listAsJSON() async throws {
        let fixture = try await StateFixture.make()
        let result = try fixture.kiln(["state", "list", "--json", Kiln.labPlan])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["cluster"] as? String == "lab")
        #expect(object?["resources"] as? [String] == ["proxmox_vm.lab-cp-1", "talos_secrets.cluster"])
    }

    @Test func showMasksSensitiveValues() async throws {
        let fixture = try await StateFixture.make()
        let result = try fixture.kiln(["state", "show", Kiln.labPlan, "talos_secrets.cluster"])
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.stdout.contains("# talos_secrets.cluster (ready)"))
        #expect(result.stdout.contains("ca_key = (sensitive value)"))
        #expect(result.stdout.contains(#"version = "v1.12""#))
        #expect(!result.combined.contains(StateFixture.secret))
    }

    @Test func showUnknownAddressNamesTheListCommand() async throws {
        let fixture = try await StateFixture.make()
        let result = try fixture.kiln(["state", "show", Kiln.labPlan, "proxmox_vm.nope"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: no resource proxmox_vm.nope in the state of cluster lab; `kiln state list"))
    }

    @Test func showRejectsSomethingThatIsNotAnAddress() async throws {
        let fixture = try await StateFixture.make()
        let result = try fixture.kiln(["state", "show", Kiln.labPlan, "cp-1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("`cp-1` is not a resource address: use TYPE.NAME"))
    }

    @Test func removeForgetsTheRecordAndSaysTheObjectRemains() async throws {
        let fixture = try await StateFixture.make()
        let before = try await fixture.reopen().serial
        let result = try fixture.kiln(["state", "rm", Kiln.labPlan, "proxmox_vm.lab-cp-1"])
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.stdout.contains("Removed proxmox_vm.lab-cp-1 from the state of cluster lab"))
        #expect(result.stdout.contains("serial \(before) → \(before + 1)"))
        #expect(result.stdout.contains("still exists outside kiln (node=pve1 vmid=1011)"))
        #expect(result.stdout.contains("It had an unfinished operation"))
        let store = try await fixture.reopen()
        #expect(await store.list() == [StateFixture.secrets])
        // The lock was released: the lock file is gone.
        #expect(!FileManager.default.fileExists(atPath: fixture.paths.lockFile))
    }

    @Test func removeRefusesWhileTheLockIsHeld() async throws {
        let fixture = try await StateFixture.make()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        defer { lock.release() }
        let bytes = try fixture.stateBytes()
        let result = try fixture.kiln(["state", "rm", Kiln.labPlan, "proxmox_vm.lab-cp-1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the state of cluster `lab` is locked: `apply`"))
        #expect(result.stderr.contains("kiln force-unlock \(lock.info.id.uuidString)"))
        #expect(try fixture.stateBytes() == bytes)
    }

    @Test func removeWaitsForTheLockUpToTheTimeout() async throws {
        let fixture = try await StateFixture.make()
        let lock = try await StateLock.acquire(fixture.paths, operation: "apply")
        defer { lock.release() }
        let result = try fixture.kiln(["state", "rm", Kiln.labPlan, "proxmox_vm.lab-cp-1", "--lock-timeout", "300ms"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("(waited "))
        #expect(try await fixture.reopen().list().count == 2)
    }

    @Test func wrongKeyFailsAndLeavesTheFileAlone() async throws {
        let fixture = try await StateFixture.make()
        let bytes = try fixture.stateBytes()
        let other = try StateKey.generate()
        for arguments in [["state", "list", Kiln.labPlan], ["state", "show", Kiln.labPlan, "talos_secrets.cluster"],
                          ["state", "rm", Kiln.labPlan, "talos_secrets.cluster"], ["status", Kiln.labPlan]] {
            let result = try fixture.kiln(arguments, environment: ["KILN_STATE_KEY": other.base64])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("was sealed with state key \(fixture.key.id), but the key in use is \(other.id)"), "\(result.stderr)")
            #expect(!result.combined.contains(StateFixture.secret))
            #expect(!result.combined.contains(other.base64))
            #expect(try fixture.stateBytes() == bytes, "\(arguments) changed the state file")
        }
    }

    @Test func corruptStateIsReportedAndLeftAlone() async throws {
        let fixture = try await StateFixture.make()
        try Data("{\"cluster\": ".utf8).write(to: URL(fileURLWithPath: fixture.paths.stateFile))
        let result = try fixture.kiln(["state", "list", Kiln.labPlan])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: state file \(fixture.paths.stateFile)"))
        #expect(try fixture.stateBytes() == Data("{\"cluster\": ".utf8))
    }

    @Test func missingStateIsSaidPlainly() async throws {
        let empty = try TemporaryDirectory()
        let home = try TemporaryDirectory()
        let list = try Kiln.binary(["state", "list", Kiln.labPlan, "--state-dir", empty.path], home: home.path)
        #expect(list.status == 0)
        #expect(list.stdout == "no state yet for cluster lab at \(empty.path)/lab.json\n")
        let show = try Kiln.binary(["state", "show", Kiln.labPlan, "proxmox_vm.a", "--state-dir", empty.path], home: home.path)
        #expect(show.status == 1)
        #expect(show.stderr.contains("no state yet for cluster lab at \(empty.path)/lab.json"))
        // Looking never creates a key file.
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.config/kiln/state.key"))
    }

    @Test func readOnlyCommandsNeverCreateAKey() async throws {
        let fixture = try await StateFixture.make(sealed: false)
        let keyFile = fixture.home.file("keys/state.key")
        let result = try fixture.kiln(["state", "list", Kiln.labPlan, "--state-key-file", keyFile], environment: [:])
        #expect(result.status == 0, "\(result.combined)")
        #expect(!FileManager.default.fileExists(atPath: keyFile))
        #expect(!result.stderr.contains("new state key"))

        let sealed = try await StateFixture.make()
        let refused = try sealed.kiln(["state", "show", Kiln.labPlan, "talos_secrets.cluster", "--state-key-file", keyFile],
                                      environment: [:])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("no state key at \(keyFile)"), "\(refused.combined)")
        #expect(!FileManager.default.fileExists(atPath: keyFile))
    }

    @Test func newKeyFileNoticeGoesToStderr() async throws {
        let fixture = try await StateFixture.make(sealed: false)
        let keyFile = fixture.home.file("keys/state.key")
        let result = try fixture.kiln(["state", "rm", Kiln.labPlan, "proxmox_vm.lab-cp-1", "--state-key-file", keyFile],
                                      environment: [:])
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.stderr.contains("kiln created a new state key in \(keyFile)"))
        #expect(result.stderr.contains("back it up"))
        #expect(!result.stdout.contains("state key"))
        let key = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!result.combined.contains(key))
    }

    @Test func debugLogsGoToStderrWithoutTheKey() async throws {
        let fixture = try await StateFixture.make()
        let result = try fixture.kiln(["state", "list", Kiln.labPlan, "--log-level", "debug"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("debug kiln.state: opened state path=\(fixture.paths.stateFile) serial="))
        #expect(result.stderr.contains("keyID=\(fixture.key.id)"))
        #expect(!result.combined.contains(fixture.key.base64))
        #expect(result.stdout == "proxmox_vm.lab-cp-1\ntalos_secrets.cluster\n")
    }

    @Test func logLevelFromTheEnvironment() async throws {
        let fixture = try await StateFixture.make()
        var environment = fixture.environment
        environment["KILN_LOG"] = "debug"
        let result = try fixture.kiln(["state", "list", Kiln.labPlan], environment: environment)
        #expect(result.stderr.contains("debug kiln.state:"))
        environment["KILN_LOG"] = "chatty"
        let bad = try fixture.kiln(["state", "list", Kiln.labPlan], environment: environment)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("KILN_LOG: `chatty` is not a log level"))
    }

    @Test func badLockTimeoutIsAUsageError() async throws {
        let fixture = try await StateFixture.make()
        let result = try fixture.kiln(["state", "rm", Kiln.labPlan, "proxmox_vm.lab-cp-1", "--lock-timeout", "5"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--lock-timeout: `5` is not a duration: a number needs a unit"))
    }
}
