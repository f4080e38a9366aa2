import Foundation
import KilnHTTP
@testable import KilnLab
import KilnTalosAPI
import KilnTestSupport
import Testing

@Suite("Talos lab nodes: Reset, Reboot, faults, the schema hook")
struct TalosResetAndFaultTests {
    @Test("Reboot: down for the reboot time, back configured and still an etcd member")
    func reboot() async throws {
        let pki = try TalosTestPKI()
        try await withTalosLab { lab in
            try await lab.startVM(361, ip: "127.0.80.11")
            let admin = try await configure("127.0.80.11", with: try pki.controlPlaneConfig(), as: try pki.admin())
            _ = try await admin.bootstrap()
            // A slow reboot, so the test sees the port down.
            #expect(try await lab.control(.put, "/lab/talos/faults", json: #"{"127.0.80.11": {"rebootTime": 1.5}}"#) == 200)
            _ = try await admin.reboot()
            try await eventually("down") { await failure { _ = try await admin.version(deadline: .now + .seconds(2)) } != nil }
            try await eventually("back configured") { _ = try await admin.version(deadline: .now + .seconds(2)); return true }
            #expect(try await admin.etcdMemberList().members.map(\.hostname) == ["127.0.80.11"])
        }
    }

    @Test("Reset: graceful leaves etcd and comes back in maintenance with a new certificate; reboot=false powers off")
    func reset() async throws {
        let pki = try TalosTestPKI()
        try await withTalosLab { lab in
            let planes = ["127.0.80.21", "127.0.80.22"]
            for (index, ip) in planes.enumerated() { try await lab.startVM(371 + index, ip: ip) }
            var admins: [TalosMachineClient] = []
            for ip in planes { admins.append(try await configure(ip, with: try pki.controlPlaneConfig(), as: try pki.admin())) }
            _ = try await admins[0].bootstrap()
            try await eventually("2 members") { try await admins[0].etcdMemberList().members.count == 2 }
            let before = try #require(await lab.cluster.talos.node(address: planes[1])).certificate.certificate.fingerprint(.sha256)

            let reader = try TalosMachineClient(host: planes[1], port: 50000, mode: try pki.client(organization: "os:reader"))
            #expect(await failure { _ = try await reader.reset(graceful: true, reboot: true) }?.grpcError?.code == .permissionDenied)
            _ = try await admins[1].reset(graceful: true, reboot: true)
            let maintenance = try TalosMachineClient(host: planes[1], port: 50000, mode: .maintenance(pinnedSHA256: nil))
            try await eventually("back in maintenance") { _ = try await maintenance.version(deadline: .now + .seconds(2)); return true }
            #expect(try await lab.talosNodes()[planes[1]]?["phase"] == "maintenance")
            #expect(try #require(await lab.cluster.talos.node(address: planes[1])).certificate.certificate.fingerprint(.sha256) != before)
            #expect(try await admins[0].etcdMemberList().members.map(\.hostname) == [planes[0]])

            _ = try await admins[0].reset(graceful: false, reboot: false)
            try await eventually("powered off") { try await lab.talosNodes()[planes[0]]?["phase"] == "off" }
            #expect(await failure { _ = try await admins[0].version(deadline: .now + .seconds(2)) } != nil)
            // The guest powered off: PVE shows the VM stopped.
            try await eventually("VM 371 stopped") { try await lab.get("/nodes/lab/qemu/371/status/current").data["status"] == "stopped" }
        }
    }

    @Test("Faults: stuck in maintenance, a long Bootstrap warm-up, a slow reboot, Unavailable set and cleared at run time")
    func faults() async throws {
        let pki = try TalosTestPKI()
        try await withTalosLab({ config in
            config.talos.faults = [
                "127.0.81.11": LabConfig.TalosFault(stuckInMaintenance: true),
                "127.0.81.12": LabConfig.TalosFault(bootstrapWarmUp: 5),
                "127.0.81.13": LabConfig.TalosFault(rebootTime: 1.5),
            ]
        }) { lab in
            for (index, ip) in ["127.0.81.11", "127.0.81.12", "127.0.81.13"].enumerated() { try await lab.startVM(381 + index, ip: ip) }

            let stuck = try TalosMachineClient(host: "127.0.81.11", port: 50000, mode: .maintenance(pinnedSHA256: nil))
            try await eventually("stuck node up") { _ = try await stuck.version(deadline: .now + .seconds(2)); return true }
            _ = try await stuck.applyConfiguration(data: try pki.controlPlaneConfig(), mode: .auto)
            try await Task.sleep(for: .milliseconds(600)) // four reboot times: a node that reboots would be down or configured
            _ = try await stuck.version()
            #expect(try await lab.talosNodes()["127.0.81.11"]?["phase"] == "maintenance")
            #expect(try await lab.talosNodes()["127.0.81.11"]?["appliedConfigs"] == 1)

            let warm = try await configure("127.0.81.12", with: try pki.controlPlaneConfig(clusterName: "warm"), as: try pki.admin())
            #expect(await failure { _ = try await warm.bootstrap() }?.grpcError == .failedPrecondition("bootstrap is not available yet"))
            // Retried as kiln does: FailedPrecondition means "not yet"; the first other answer must be OK.
            try await eventually("bootstrap after the warm-up") {
                let outcome = await failure { _ = try await warm.bootstrap() }
                if case .failedPrecondition? = outcome?.grpcError { return false }
                #expect(outcome == nil)
                return true
            }

            let slow = try TalosMachineClient(host: "127.0.81.13", port: 50000, mode: .maintenance(pinnedSHA256: nil))
            try await eventually("slow node up") { _ = try await slow.version(deadline: .now + .seconds(2)); return true }
            let applied = ContinuousClock.now
            _ = try await configure("127.0.81.13", with: try pki.controlPlaneConfig(), as: try pki.admin())
            #expect(ContinuousClock.now - applied >= .milliseconds(1500))

            #expect(try await lab.control(.put, "/lab/talos/faults", json: #"{"127.0.81.12": {"unavailable": true}}"#) == 200)
            #expect(await failure { _ = try await warm.version() }?.grpcError?.code == .unavailable)
            #expect(try await lab.control(.delete, "/lab/talos/faults") == 200)
            _ = try await warm.version()
        }
    }

    @Test("The schema hook: a config it finds fault with is InvalidArgument with its reasons")
    func validateConfig() async throws {
        let settings = TalosNodeSettings(host: "127.0.0.1", port: 0, validateConfig: { config, version in
            String(decoding: config, as: UTF8.self).contains("worker") ? ["machine.token: too short (\(version))", "cluster.id: missing"] : []
        })
        try await withTalosNode(settings) { node in
            let error = await failure { _ = try await node.maintenanceClient().applyConfiguration(data: Data(TalosTestConfigs.worker.utf8), mode: .auto) }
            #expect(error?.grpcError == .invalidArgument("configuration validation failed: machine.token: too short (v1.13.0); cluster.id: missing"))
            #expect(await node.appliedConfigs.isEmpty)
        }
    }
}
