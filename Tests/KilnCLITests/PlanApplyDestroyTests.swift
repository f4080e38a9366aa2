import Foundation
import KilnEngine
import KilnTestSupport
import Testing

/// `kiln plan`, `apply` and `destroy` through the real CLI, over the file-backed test provider
/// of `kiln-probe` (18 resources for plans/lab.yaml).
@Suite("plan, apply and destroy")
struct PlanApplyDestroyTests {
    @Test func aFirstPlanCreatesEverythingAndTheDetailedExitCodeSaysSo() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        let plan = try await world.kiln(["plan", "--detailed-exitcode", "lab.yaml"])
        #expect(plan.status == 2, "\(plan.combined)")
        #expect(plan.stdout.contains("+ probe_object.vm-lab-cp-1"))
        #expect(plan.stdout.contains("Plan: 18 to add, 0 to change, 0 to destroy."))
        #expect(!plan.stdout.contains("probe-token-lab"), "a sensitive value was printed")
        #expect(world.effects.isEmpty, "plan changed something")
    }

    @Test func applyCreatesEverythingOnceAndTheNextPlanHasNoChanges() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        let apply = try await world.kiln(["apply", "--auto-approve", "lab.yaml"])
        #expect(apply.status == 0, "\(apply.combined)")
        #expect(apply.stdout.contains("Apply complete! Resources: 18 added, 0 changed, 0 destroyed."))
        #expect(world.effects.count == 18)
        let plan = try await world.kiln(["plan", "--detailed-exitcode", "lab.yaml"])
        #expect(plan.status == 0 && plan.stdout.contains("No changes."), "\(plan.combined)")
        let again = try await world.kiln(["apply", "--auto-approve", "lab.yaml"])
        #expect(again.status == 0 && world.effects.count == 18, "a second apply repeated work")
    }

    @Test func withoutATerminalApplyRefusesUnlessAutoApproved() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        let apply = try await world.kiln(["apply", "lab.yaml"])
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("--auto-approve"), "\(apply.combined)")
        #expect(world.effects.isEmpty)
    }

    @Test func onATerminalApplyAsksAndOnlyYesGoesAhead() async throws {
        // `script` gives the CLI a pseudo-terminal and types what the test writes.
        let script = try ExternalTools.require("script")
        let world = try ProbeWorld()
        _ = try world.plan()
        let command = "\(try KilnBinary.path("kiln-probe")) apply lab.yaml"
        let declined = try await world.run(script, ["-qec", command, "/dev/null"], input: "no\n")
        #expect(declined.stdout.contains("Only 'yes' will be accepted"), "\(declined.combined)")
        #expect(declined.stdout.contains("Apply cancelled: nothing was changed."))
        #expect(world.effects.isEmpty)
        let approved = try await world.run(script, ["-qec", command, "/dev/null"], input: "yes\n")
        #expect(approved.stdout.contains("Apply complete! Resources: 18 added"), "\(approved.combined)")
        #expect(world.effects.count == 18)
    }

    @Test func anAttributeChangeIsAnUpdateInPlace() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        #expect(try await world.kiln(["apply", "--auto-approve", "lab.yaml"]).status == 0)
        _ = try world.plan { $0.replacingOccurrences(of: "controlplane: {cores: 2", with: "controlplane: {cores: 4") }
        let plan = try await world.kiln(["plan", "lab.yaml"])
        #expect(plan.stdout.contains("~ cores = 2 -> 4"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 3 to change, 0 to destroy."))
        let apply = try await world.kiln(["apply", "--auto-approve", "lab.yaml"])
        #expect(apply.stdout.contains("Apply complete! Resources: 0 added, 3 changed, 0 destroyed."), "\(apply.combined)")
        #expect(world.effects.filter { $0.hasPrefix("update ") }.count == 3)
    }

    @Test func driftThatMatchesThePlanIsShownOnceThenRecorded() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        #expect(try await world.kiln(["apply", "--auto-approve", "lab.yaml"]).status == 0)
        // Someone gives cp-1 four cores by hand, and the plan is changed to say the same.
        let object = world.directory.file("world/objects/probe_object.vm-lab-cp-1")
        let edited = try String(contentsOfFile: object, encoding: .utf8).replacingOccurrences(of: "\"cores\":2", with: "\"cores\":4")
        try edited.write(toFile: object, atomically: true, encoding: .utf8)
        _ = try world.plan { $0.replacingOccurrences(of: "{name: lab-cp-1, role: controlplane, ip: 127.0.10.11, vmid: 1011}",
                                                     with: "{name: lab-cp-1, role: controlplane, ip: 127.0.10.11, vmid: 1011, cores: 4}") }
        let plan = try await world.kiln(["plan", "lab.yaml"])
        #expect(plan.stdout.contains("Objects changed outside kiln"), "\(plan.stdout)")
        #expect(plan.stdout.contains("No changes."))
        let apply = try await world.kiln(["apply", "--auto-approve", "lab.yaml"])
        #expect(apply.status == 0, "\(apply.combined)")
        #expect(world.effects.count == 18, "recording drift changed something outside")
        let again = try await world.kiln(["plan", "lab.yaml"])
        #expect(!again.stdout.contains("Objects changed outside kiln"), "\(again.stdout)")
    }

    @Test func replacingAnExistingResourceNeedsToBeAllowed() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        #expect(try await world.kiln(["apply", "--auto-approve", "lab.yaml"]).status == 0)
        // The IP forces replacement of the VM.
        _ = try world.plan { $0.replacingOccurrences(of: "ip: 127.0.10.22", with: "ip: 127.0.10.23") }
        let plan = try await world.kiln(["plan", "lab.yaml"])
        #expect(plan.stdout.contains("-/+ probe_object.vm-lab-worker-2"), "\(plan.stdout)")
        #expect(plan.stdout.contains("# forces replacement"))

        let refused = try await world.kiln(["apply", "--auto-approve", "lab.yaml"])
        #expect(refused.status == 1)
        #expect(refused.combined.contains("--replace probe_object.vm-lab-worker-2") || refused.combined.contains("--allow-destroy"),
                "\(refused.combined)")
        #expect(!world.effects.contains { $0.hasPrefix("delete ") }, "a refused apply destroyed something")

        let allowed = try await world.kiln(["apply", "--auto-approve", "--replace", "probe_object.vm-lab-worker-2", "lab.yaml"])
        #expect(allowed.status == 0, "\(allowed.combined)")
        #expect(world.effects.contains("delete probe_object.vm-lab-worker-2"))
    }

    @Test func aSavedPlanAppliesOnceThenIsStale() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        let plan = try await world.kiln(["plan", "-out", "lab.plan", "lab.yaml"])
        #expect(plan.status == 0, "\(plan.combined)")
        let mode = try FileManager.default.attributesOfItem(atPath: world.directory.file("lab.plan"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let apply = try await world.kiln(["apply", "lab.plan"])
        #expect(apply.status == 0, "\(apply.combined)")
        #expect(world.effects.count == 18)
        let stale = try await world.kiln(["apply", "lab.plan"])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("stale"), "\(stale.combined)")
    }

    @Test func aSavedPlanIsRefusedWhenThePlanFileChanged() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        #expect(try await world.kiln(["plan", "-out", "lab.plan", "lab.yaml"]).status == 0)
        _ = try world.plan { $0 + "\n# edited after planning\n" }
        let apply = try await world.kiln(["apply", "lab.plan"])
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("changed"), "\(apply.combined)")
        #expect(world.effects.isEmpty)
    }

    @Test func destroyDeletesDependentsFirstAndEmptiesTheState() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        #expect(try await world.kiln(["apply", "--auto-approve", "lab.yaml"]).status == 0)
        let destroy = try await world.kiln(["destroy", "--auto-approve", "--parallelism", "1", "lab.yaml"])
        #expect(destroy.status == 0, "\(destroy.combined)")
        let deletes = world.effects.filter { $0.hasPrefix("delete ") }
        #expect(deletes.count == 18)
        func position(_ name: String) -> Int { deletes.firstIndex(of: "delete probe_object.\(name)") ?? -1 }
        #expect(position("ready-lab-cp-1") < position("kubeconfig"))
        #expect(position("kubeconfig") < position("bootstrap"))
        #expect(position("bootstrap") < position("config-lab-cp-1"))
        #expect(position("config-lab-cp-1") < position("vm-lab-cp-1"))
        #expect(try await world.records().isEmpty)
    }

    @Test func jsonEventsAreOneVersionedObjectPerLine() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        let apply = try await world.kiln(["apply", "--auto-approve", "--json", "lab.yaml"])
        #expect(apply.status == 0, "\(apply.combined)")
        let lines = apply.stdout.split(separator: "\n")
        #expect(lines.count >= 37)  // started and finished for 18 resources, then runFinished
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["schema"] as? Int == 1 && object?["type"] is String, "\(line)")
        }
        #expect(lines.last?.contains("\"type\":\"runFinished\"") == true)
    }

    @Test func aSecondApplyWhileTheLockIsHeldNamesTheHolder() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        let lock = try await StateLock.acquire(try StatePaths(directory: world.stateDirectory, cluster: "lab"), operation: "apply")
        defer { lock.release() }
        let apply = try await world.kiln(["apply", "--auto-approve", "lab.yaml"])
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("pid \(getpid())"), "\(apply.combined)")
        #expect(world.effects.isEmpty)
    }
}
