import Foundation
@testable import KilnLab
import KilnTestSupport
import Testing

/// `kill -9` of a real `kiln apply` while a VM is being cloned, configured or started: the next
/// run ends with exactly the plan's VMs (by the lab's own inventory), none made twice.
@Suite("kill -9 during a Proxmox apply")
struct ApplyCrashThroughKilnTests {
    /// The moment to kill at: the first request matching `method` and a path ending in `suffix`.
    struct Moment: Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let suffix: String
        /// The step a VM's unfinished operation must be recorded at after the kill.
        let step: String
        var pinVMIDs = true
        /// The real `kiln` applies the whole cluster, Talos too: each moment's nodes get a /24 of their own.
        var subnet = 0
        var testDescription: String { "\(name)\(pinVMIDs ? "" : " (VMIDs from nextid)")" }
    }

    static let moments = [
        Moment(name: "during the clone", method: "POST", suffix: "/clone", step: "cloning", subnet: 101),
        Moment(name: "during the clone", method: "POST", suffix: "/clone", step: "cloning", pinVMIDs: false, subnet: 102),
        Moment(name: "during the config", method: "GET", suffix: "/config", step: "configuring", subnet: 103),
        Moment(name: "during the start", method: "POST", suffix: "/status/start", step: "starting", subnet: 104),
    ]

    @Test(arguments: moments)
    func aResumedRunEndsWithExactlyThePlansVMs(_ moment: Moment) async throws {
        // Slow clones and starts, so the kill lands while the task runs.
        var config = TalosThroughKilnTests.labConfig()
        config.timings.fullClone = 1.0
        config.timings.linkedClone = 1.0
        config.timings.start = 1.0
        try await withProviderLab(config) { lab in
            var shape = ProviderLab.PlanShape()
            shape.pinVMIDs = moment.pinVMIDs
            shape.subnet = moment.subnet
            try lab.writePlan(shape)

            let run = try lab.launchKiln(["apply", "--auto-approve", lab.planPath])
            let seen = try await lab.waitForRequest(moment.method, suffix: moment.suffix, while: run)
            kill(run.pid, SIGKILL)
            while run.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            #expect(seen, "kiln ended before \(moment.method) …\(moment.suffix): \(run.log())")
            #expect(run.exitStatus == 128 + SIGKILL)
            let steps = try lab.pendingSteps()
            #expect(steps.contains(moment.step), "\(steps)")

            let resumed = try await lab.runKiln(["apply", "--auto-approve", lab.planPath])
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")

            let vms = await lab.vms().values
            #expect(vms.map(\.name).sorted() == ["t-cp-1", "t-worker-1", "t-worker-2"], "\(vms.map { ($0.vmid, $0.name) })")
            #expect(vms.allSatisfy { $0.isRunning && $0.lock == nil && $0.config["tags"] == "kiln;kiln-t" })
            // Every clone the lab ran made one of these VMs: none was cloned twice.
            let clones = await lab.cluster.tasks.values.filter { $0.upid.type == "qmclone" }
            #expect(clones.count == 3)

            let planned = try await lab.runKiln(["plan", lab.planPath])
            #expect(planned.stdout.contains("No changes."), "\(planned.stdout)\(planned.stderr)")
        }
    }
}

extension ProviderLab {
    /// The built `kiln`, with the user's environment for this lab.
    func kilnEnvironment() -> [String: String] {
        environment.merging(["HOME": directory.path, "PATH": "/usr/bin:/bin"]) { $1 }
    }

    func launchKiln(_ arguments: [String]) throws -> BackgroundProcess {
        try BackgroundProcess(try BuiltProducts.path("kiln", overrideVariable: "KILN_BINARY"),
                              arguments + ["--state-dir", stateDirectory, "--state-key-file", keyFile],
                              logPath: directory.path + "/kiln-\(UUID().uuidString).log",
                              environment: kilnEnvironment(), ready: { true })
    }

    func runKiln(_ arguments: [String]) async throws -> CommandResult {
        try await ProcessRunner.launch(try BuiltProducts.path("kiln", overrideVariable: "KILN_BINARY"),
                                       arguments + ["--state-dir", stateDirectory, "--state-key-file", keyFile],
                                       environment: kilnEnvironment())
    }

    /// The steps of the unfinished operations recorded in the cluster's state file.
    func pendingSteps() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: stateDirectory + "/t.json"))
        func steps(_ value: Any) -> [String] {
            if let object = value as? [String: Any] {
                let own = ((object["pending"] as? [String: Any])?["step"] as? String).map { [$0] } ?? []
                return own + object.filter { $0.key != "pending" }.values.flatMap(steps)
            }
            if let array = value as? [Any] { return array.flatMap(steps) }
            return []
        }
        return steps(try JSONSerialization.jsonObject(with: data))
    }

    /// Polls the lab's request log until `method …suffix` shows up; false if `process` ended first.
    func waitForRequest(_ method: String, suffix: String, while process: BackgroundProcess) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if await cluster.requests.contains(where: { $0.method == method && $0.path.hasSuffix(suffix) }) { return true }
            guard process.isRunning else { return false }
            try await Task.sleep(for: .milliseconds(2))
        }
        return false
    }
}
