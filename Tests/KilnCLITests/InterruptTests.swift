import Foundation
import KilnTestSupport
import Testing

/// Ctrl-C during `kiln apply`, sent as a real SIGINT to the running CLI.
@Suite("Interrupting an apply")
struct InterruptTests {
    @Test func oneSIGINTFinishesRunningStepsRecordsThemAndExits130ThenTheNextApplyCompletes() async throws {
        let world = try ProbeWorld()
        let plan = try world.plan()
        var environment = ProcessInfo.processInfo.environment
        environment["KILN_STATE_KEY"] = world.key
        environment["KILN_PROBE_WORLD"] = world.world
        environment["KILN_PROBE_CREATE_MS"] = "400"
        environment["HOME"] = world.directory.file("home")
        environment["NO_COLOR"] = "1"
        let apply = try BackgroundProcess(
            try KilnBinary.path("kiln-probe"),
            ["apply", "--auto-approve", "--parallelism", "2", "--state-dir", world.stateDirectory, plan],
            logPath: world.directory.file("apply.log"), environment: environment, timeout: .seconds(30), ready: { world.effects.count >= 2 })
        kill(apply.pid, SIGINT)
        let deadline = ContinuousClock.now + .seconds(30)
        while apply.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }

        let log = apply.log()
        #expect(apply.exitStatus == 130, "\(log)")
        #expect(log.contains("Stopping: nothing new starts"), "\(log)")
        #expect(log.contains("Apply interrupted"), "\(log)")
        let done = world.effects.count
        #expect(done < 18, "the run did not stop early")
        // What finished is in the state: nothing is lost, nothing is pending.
        let records = try await world.records()
        #expect(records.count == done && records.allSatisfy { $0.pending == nil })

        let resumed = try await world.kiln(["apply", "--auto-approve", "lab.yaml"])
        #expect(resumed.status == 0, "\(resumed.combined)")
        #expect(world.effects.count == 18 && Set(world.effects).count == 18, "\(world.effects)")
    }
}
