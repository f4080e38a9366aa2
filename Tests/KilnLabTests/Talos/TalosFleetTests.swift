import Foundation
import KilnHTTP
@testable import KilnLab
import KilnTalosAPI
import KilnTestSupport
import Testing

@Suite("Talos nodes follow the lab's VMs: start boots one on ipconfig0's IP, stop takes it down")
struct TalosFleetTests {
    @Test("A started VM answers Version in maintenance on IP:50000; stopped it refuses; started again it is back")
    func followsPower() async throws {
        try await withTalosLab { lab in
            try await lab.startVM(301, ip: "127.0.77.11")
            let client = try TalosMachineClient(host: "127.0.77.11", port: 50000, mode: .maintenance(pinnedSHA256: nil))
            try await eventually("maintenance Version") {
                try await client.version(deadline: .now + .seconds(2)).version.tag == "v1.12.2"
            }
            #expect(try await lab.talosNodes()["127.0.77.11"]?["phase"] == "maintenance")
            #expect(try await lab.talosNodes()["127.0.77.11"]?["vmid"] == 301)

            try await lab.power(301, "stop")
            try await eventually("connection refused") {
                guard case .unreachable? = await failure(of: { _ = try await client.version(deadline: .now + .seconds(2)) }) else { return false }
                return true
            }
            #expect(try await lab.talosNodes()["127.0.77.11"]?["phase"] == "off")

            try await lab.power(301, "start")
            try await eventually("maintenance again") { try await client.version(deadline: .now + .seconds(2)).version.tag == "v1.12.2" }
        }
    }

    @Test("A VM without a static IP gets no Talos node; a deleted VM's node is forgotten")
    func noStaticIPAndDelete() async throws {
        try await withTalosLab { lab in
            try await lab.cloneAndWait(302)
            try await lab.power(302, "start")
            try await lab.startVM(303, ip: "127.0.77.13")
            try await eventually("node 303 listed") { try await lab.talosNodes()["127.0.77.13"] != nil }
            #expect(try await lab.talosNodes().count == 1)
            try await lab.power(303, "stop")
            let reply = try await lab.call(.delete, "/nodes/lab/qemu/303")
            _ = try await lab.waitForTask(try #require(reply.data.string))
            try await eventually("node 303 forgotten") { try await lab.talosNodes().isEmpty }
        }
    }

    @Test("A configured node comes back configured after stop and start, its etcd membership kept")
    func stateSurvivesPowerCycle() async throws {
        let pki = try TalosTestPKI()
        try await withTalosLab { lab in
            try await lab.startVM(311, ip: "127.0.77.21")
            let admin = try await configure("127.0.77.21", with: try pki.controlPlaneConfig(), as: try pki.admin())
            _ = try await admin.bootstrap()
            try await lab.power(311, "stop")
            try await lab.power(311, "start")
            try await eventually("configured again") { try await admin.version(deadline: .now + .seconds(2)).version.tag == "v1.12.2" }
            #expect(try await admin.etcdMemberList().members.map(\.hostname) == ["127.0.77.21"])
            let again = await failure { _ = try await admin.bootstrap() }
            #expect(again?.grpcError == .alreadyExists("etcd data directory is not empty"))
        }
    }

    @Test("The talos section decodes with defaults; demo.json's values are sensible")
    func configSection() throws {
        let empty = try JSONDecoder().decode(LabConfig.self, from: Data("{}".utf8))
        #expect(empty.talos == LabConfig.Talos())
        #expect(empty.talos.version == "v1.12.2")
        #expect(empty.talos.port == 50000)
        let set = try JSONDecoder().decode(LabConfig.self, from: Data("""
            {"talos": {"port": 50001, "rebootTime": 2, "faults": {"127.0.10.12": {"stuckInMaintenance": true}}}}
            """.utf8))
        #expect(set.talos.port == 50001)
        #expect(set.talos.rebootTime == 2)
        #expect(set.talos.bootDelay == LabConfig.Talos().bootDelay)
        #expect(set.talos.faults["127.0.10.12"]?.stuckInMaintenance == true)
        let demoPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../lab/demo.json").standardized.path
        let demo = try LabConfig.load(path: demoPath)
        #expect(demo.talos.enabled && demo.talos.port == 50000 && demo.talos.version == "v1.12.2")
        #expect(demo.talos.bootDelay * demo.speed <= 5 && demo.talos.rebootTime * demo.speed <= 5)
        #expect(TalosFleet.staticAddress("ip=127.0.10.11/24,gw=127.0.10.1") == "127.0.10.11")
        #expect(TalosFleet.staticAddress("ip=dhcp") == nil)
        #expect(TalosFleet.staticAddress(nil) == nil)
    }
}

/// Applies `config` in maintenance (waiting for the node to answer first) and waits until the
/// node answers Version over mTLS as `mode`.
func configure(_ host: String, with config: Data, as mode: TalosClientMode) async throws -> TalosMachineClient {
    let maintenance = try TalosMachineClient(host: host, port: 50000, mode: .maintenance(pinnedSHA256: nil))
    try await eventually("\(host) in maintenance") { _ = try await maintenance.version(deadline: .now + .seconds(2)); return true }
    _ = try await maintenance.applyConfiguration(data: config, mode: .auto)
    let client = try TalosMachineClient(host: host, port: 50000, mode: mode)
    try await eventually("\(host) configured") { _ = try await client.version(deadline: .now + .seconds(2)); return true }
    return client
}
