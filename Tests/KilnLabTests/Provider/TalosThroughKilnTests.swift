import Foundation
import KilnCrypto
@testable import KilnLab
import KilnTalos
import KilnTalosAPI
import KilnTestSupport
import Testing

/// A whole plan through the real CLI, planner, executor and state, against the lab's Proxmox
/// and the Talos nodes its VMs boot: configs applied, etcd bootstrapped exactly once, every
/// control plane a member, the kubeconfig and talosconfig written. Each test has its own
/// loopback /24, since the nodes listen on the VMs' addresses.
@Suite("Talos through kiln")
struct TalosThroughKilnTests {
    static let threeControlPlanes = [("t-cp-1", "controlplane", 1101), ("t-cp-2", "controlplane", 1102),
                                     ("t-cp-3", "controlplane", 1103), ("t-worker-1", "worker", 1201)]

    /// Fast nodes, with a 200 ms bootstrap warm-up kiln must wait out.
    static func labConfig(_ change: (inout LabConfig) -> Void = { _ in }) -> LabConfig {
        var config = ProviderLab.config().withFastTalos(bootstrapWarmUp: 0.2)
        change(&config)
        return config
    }

    static func options(installWait: Duration = .seconds(30)) -> TalosProviderOptions {
        var options = TalosProviderOptions()
        options.maintenanceWait = .seconds(30)
        options.installWait = installWait
        options.bootstrapWait = .seconds(30)
        options.healthyWait = .seconds(30)
        options.resetTimeout = .seconds(10)
        options.poll = .milliseconds(20)
        options.maxPoll = .milliseconds(100)
        return options
    }

    static func shape(subnet: Int) -> ProviderLab.PlanShape {
        var shape = ProviderLab.PlanShape()
        shape.nodes = threeControlPlanes
        shape.subnet = subnet
        return shape
    }

    @Test func aPlanBecomesABootstrappedClusterWithItsClientFiles() async throws {
        try await withProviderLab(Self.labConfig(), talos: Self.options()) { lab in
            try lab.writePlan(Self.shape(subnet: 91))
            let applied = await lab.apply()
            #expect(applied.status == 0, "\(applied.combined)")

            let nodes = await lab.cluster.talos.listing()
            #expect(nodes.map(\.phase) == ["configured", "configured", "configured", "configured"], "\(nodes)")
            #expect(nodes.map(\.bootstrapAccepted).reduce(0, +) == 1)
            #expect(nodes.filter(\.etcdMember).map(\.address).sorted() == ["127.0.91.11", "127.0.91.12", "127.0.91.13"])

            let kubeconfig = lab.stateDirectory + "/t/kubeconfig"
            #expect(try Self.mode(kubeconfig) == 0o600)
            if let kubectl = ExternalTools.find("kubectl") {
                let server = try ProcessRunner.check(kubectl, ["config", "view", "--kubeconfig", kubeconfig, "--raw",
                                                               "-o", "jsonpath={.clusters[0].cluster.server}"])
                #expect(server.stdout == "https://127.0.91.100:6443")
            } else {
                Issue.record("kubectl is not installed: the kubeconfig was not checked by kubectl")
            }

            // The talosconfig is what talosctl would use, and it works against the nodes.
            let path = lab.stateDirectory + "/t/talosconfig"
            #expect(try Self.mode(path) == 0o600)
            let talosconfig = try Talosconfig.decode(yaml: String(contentsOfFile: path, encoding: .utf8), source: path)
            let context = try #require(talosconfig.currentContext)
            #expect(context.endpoints == ["127.0.91.11", "127.0.91.12", "127.0.91.13"])
            let client = try TalosMachineClient(host: "127.0.91.12", mode: .configured(
                osCAPEM: context.ca.pem, clientCertificatePEM: context.certificate.pem, clientKeyPEM: try context.key.pem(.pkcs8)))
            #expect(try await client.etcdMemberList().members.count == 3)

            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("No changes."), "\(planned.combined)")
        }
    }

    @Test func aChangedConfigRollsOutOneNodeAtATimeWorkersFirst() async throws {
        try await withProviderLab(Self.labConfig(), talos: Self.options()) { lab in
            var shape = Self.shape(subnet: 92)
            try lab.writePlan(shape)
            let first = await lab.apply()
            #expect(first.status == 0, "\(first.combined)")

            // A label on every node: each config changes, nothing about the VMs does.
            let text = try String(contentsOfFile: lab.planPath, encoding: .utf8)
                .replacingOccurrences(of: "  installDisk: /dev/sda", with: "  installDisk: /dev/sda\n  patches: {all: [{merge: {machine: {nodeLabels: {zone: a}}}}]}")
            try text.write(toFile: lab.planPath, atomically: true, encoding: .utf8)

            let order = OrderRecorder()
            let watcher = Task {
                var seen: [String: Int] = [:]
                while !Task.isCancelled {
                    for node in await lab.cluster.talos.listing() where node.appliedConfigs == 2 && seen[node.address] == nil {
                        seen[node.address] = 1
                        await order.append(node.address)
                    }
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            let second = await lab.apply()
            watcher.cancel()
            #expect(second.status == 0, "\(second.combined)")
            #expect(second.stdout.contains("4 changed"), "\(second.stdout)")
            let sequence = await order.items
            #expect(sequence.count == 4)
            #expect(sequence.first == "127.0.92.14", "the worker goes first: \(sequence)")
            #expect(Set(sequence.dropFirst()) == ["127.0.92.11", "127.0.92.12", "127.0.92.13"])
            let planned = await lab.kiln("plan", lab.planPath)
            #expect(planned.stdout.contains("No changes."), "\(planned.combined)")
        }
    }

    @Test func destroyResetsEachNodeBeforeItsVMGoes() async throws {
        try await withProviderLab(Self.labConfig(), talos: Self.options()) { lab in
            try lab.writePlan(Self.shape(subnet: 93))
            #expect(await lab.apply().status == 0)
            let phases = PhaseRecorder()
            let watcher = Task {
                while !Task.isCancelled {
                    for node in await lab.cluster.talos.listing() { await phases.saw(node.address, node.phase) }
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            let destroyed = await lab.kiln("destroy", "--auto-approve", lab.planPath)
            watcher.cancel()
            #expect(destroyed.status == 0, "\(destroyed.combined)")
            #expect(await lab.vms().isEmpty)
            // Each node took its Reset (it went down, to power off) before kiln deleted its VM.
            for address in ["127.0.93.11", "127.0.93.12", "127.0.93.13", "127.0.93.14"] {
                let seen = await phases.phases(of: address)
                #expect(seen.first == "configured" && (seen.contains("rebooting") || seen.contains("off")), "\(address): \(seen)")
            }
            #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory + "/t/kubeconfig"))
        }
    }

    @Test func aNodeStuckInMaintenanceFailsOnlyWhatNeedsIt() async throws {
        let config = Self.labConfig { $0.talos.faults = ["127.0.95.14": LabConfig.TalosFault(stuckInMaintenance: true)] }
        try await withProviderLab(config, talos: Self.options(installWait: .seconds(10))) { lab in
            try lab.writePlan(Self.shape(subnet: 95))
            let applied = await lab.apply()
            #expect(applied.status != 0)
            #expect(applied.combined.contains("t-worker-1 (127.0.95.14) did not come back with its config"), "\(applied.combined)")
            #expect(applied.combined.contains("last seen:"))
            // The control planes do not wait for the worker: etcd and the kubeconfig are there.
            let nodes = await lab.cluster.talos.listing()
            #expect(nodes.filter { $0.phase == "configured" }.count == 3, "\(nodes)")
            #expect(FileManager.default.fileExists(atPath: lab.stateDirectory + "/t/kubeconfig"))
        }
    }

    @Test func killNineRightAfterBootstrapIsSentNeverBootstrapsTwice() async throws {
        try await withProviderLab(Self.labConfig()) { lab in
            try lab.writePlan(Self.shape(subnet: 94))
            let run = try lab.launchKiln(["apply", "--auto-approve", lab.planPath])
            // Once the first control plane is configured, its answers come 2.5 s late (inside kiln's 5 s probes): the
            // Bootstrap takes effect, and kiln is killed before it hears so.
            try await eventually("t-cp-1 configured", timeout: .seconds(60)) {
                await lab.cluster.talos.listing().contains { $0.address == "127.0.94.11" && $0.phase == "configured" }
            }
            await lab.cluster.talos.setFaults(["127.0.94.11": LabConfig.TalosFault(replyDelay: 2.5)])
            try await eventually("Bootstrap accepted", timeout: .seconds(60)) {
                await lab.cluster.talos.listing().contains { $0.bootstrapAccepted == 1 }
            }
            kill(run.pid, SIGKILL)
            while run.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            let steps = try lab.pendingSteps()
            #expect(steps.contains("bootstrap"), "\(steps)")
            await lab.cluster.talos.setFaults([:])

            let resumed = try await lab.runKiln(["apply", "--auto-approve", lab.planPath])
            #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
            let nodes = await lab.cluster.talos.listing()
            #expect(nodes.map(\.bootstrapAccepted).reduce(0, +) == 1)
            // The resumed run saw etcd's members and did not even ask again.
            #expect(nodes.map(\.bootstrapRefused).reduce(0, +) == 0)
            #expect(nodes.filter(\.etcdMember).count == 3)
        }
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

actor OrderRecorder {
    private(set) var items: [String] = []
    func append(_ item: String) { items.append(item) }
}

actor PhaseRecorder {
    private var seen: [String: [String]] = [:]
    func saw(_ address: String, _ phase: String) {
        if seen[address]?.last != phase { seen[address, default: []].append(phase) }
    }
    func phases(of address: String) -> [String] { seen[address] ?? [] }
}
