import Foundation
import KilnHTTP
import KilnLab
import KilnTalosAPI
import KilnTestSupport
import Testing

@Suite("Talos node in maintenance mode, called by kiln's machine API client")
struct TalosMaintenanceModeTests {
    @Test("Version answers over HTTP/2 + TLS with the configured tag and the nocloud platform")
    func version() async throws {
        try await withTalosNode(TalosNodeSettings(host: "127.0.65.11", port: 0, talosVersion: "v1.13.2")) { node in
            let client = try node.maintenanceClient()
            let reply = try await client.version()
            #expect(reply.version.tag == "v1.13.2")
            #expect(reply.platform.name == "nocloud")
            #expect(client.address == "127.0.65.11:\(node.port)")
        }
    }

    @Test("A pinned certificate that is the node's connects")
    func rightPin() async throws {
        try await withTalosNode { node in
            let client = try node.maintenanceClient(pinnedSHA256: node.certificate.certificate.fingerprint(.sha256))
            #expect(try await client.version().version.tag == node.settings.talosVersion)
        }
    }

    @Test("A wrong pin fails as a TLS error naming the node")
    func wrongPin() async throws {
        try await withTalosNode { node in
            var pin = node.certificate.certificate.fingerprint(.sha256)
            pin[0] ^= 0xFF
            let client = try node.maintenanceClient(pinnedSHA256: pin)
            let error = await failure { _ = try await client.version() }
            guard case .tls(let endpoint, let kind, _)? = error else {
                Issue.record("not a TLS failure: \(String(describing: error))")
                return
            }
            #expect(endpoint == "127.0.0.1:\(node.port)")
            #expect(kind == .pinMismatch)
            #expect("\(error!)".contains("127.0.0.1:\(node.port)"))
        }
    }

    @Test("A good config is accepted and recorded; REBOOT is carried out as NO_REBOOT")
    func applyGoodConfig() async throws {
        try await withTalosNode { node in
            let client = try node.maintenanceClient()
            let config = Data(TalosTestConfigs.worker.utf8)
            let reply = try await client.applyConfiguration(data: config, mode: .reboot)
            #expect(reply.mode == .noReboot)
            #expect(await node.appliedConfigs == [config])
        }
    }

    @Test("AUTO is carried out as NO_REBOOT too")
    func applyAuto() async throws {
        try await withTalosNode { node in
            let reply = try await node.maintenanceClient()
                .applyConfiguration(data: Data(TalosTestConfigs.worker.utf8), mode: .auto, dryRun: true)
            #expect(reply.mode == .noReboot)
        }
    }

    @Test("A dry run validates without recording")
    func dryRun() async throws {
        try await withTalosNode { node in
            let client = try node.maintenanceClient()
            _ = try await client.applyConfiguration(data: Data(TalosTestConfigs.worker.utf8), mode: .noReboot, dryRun: true)
            #expect(await node.appliedConfigs.isEmpty)
        }
    }

    @Test("Malformed YAML, an unknown machine type, a CA key on a worker: InvalidArgument with the reason")
    func applyBadConfigs() async throws {
        try await withTalosNode { node in
            let client = try node.maintenanceClient()
            let cases: [(String, String)] = [
                (TalosTestConfigs.malformed, "failed to parse config"),
                (TalosTestConfigs.machineType("init2"), "unknown machine type \"init2\""),
                (TalosTestConfigs.worker.replacingOccurrences(of: "  token: abc.def", with: "  ca:\n    crt: Y3J0\n    key: a2V5"),
                 "issuing Talos API CA key is not allowed on non-controlplane nodes"),
            ]
            for (config, reason) in cases {
                let error = await failure { _ = try await client.applyConfiguration(data: Data(config.utf8), mode: .auto) }
                #expect(error?.grpcError?.code == .invalidArgument)
                #expect(error?.grpcError?.message.contains(reason) == true, "\(String(describing: error))")
            }
            #expect(await node.appliedConfigs.isEmpty)
        }
    }

    @Test("STAGED is refused in maintenance mode")
    func stagedRefused() async throws {
        try await withTalosNode { node in
            let client = try node.maintenanceClient()
            let error = await failure {
                _ = try await client.applyConfiguration(data: Data(TalosTestConfigs.worker.utf8), mode: .staged)
            }
            #expect(error?.grpcError?.code == .invalidArgument)
            #expect(error?.grpcError?.message.contains("not supported in maintenance mode") == true)
        }
    }

    @Test("Bootstrap, ServiceList, EtcdMemberList and Kubeconfig are PermissionDenied before a config")
    func adminCallsDenied() async throws {
        try await withTalosNode { node in
            let client = try node.maintenanceClient()
            #expect(await failure { _ = try await client.bootstrap() }?.grpcError?.code == .permissionDenied)
            #expect(await failure { _ = try await client.serviceList() }?.grpcError?.code == .permissionDenied)
            #expect(await failure { _ = try await client.etcdMemberList() }?.grpcError?.code == .permissionDenied)
            #expect(await failure { _ = try await client.kubeconfig() }?.grpcError?.code == .permissionDenied)
        }
    }

    @Test("A deadline shorter than the node's answer ends the call with DeadlineExceeded")
    func deadline() async throws {
        try await withTalosNode(TalosNodeSettings(host: "127.0.0.1", port: 0, responseDelay: .seconds(30))) { node in
            let client = try node.maintenanceClient()
            let started = ContinuousClock.now
            let error = await failure { _ = try await client.version(deadline: .now + .milliseconds(300)) }
            #expect(error?.grpcError?.code == .deadlineExceeded, "\(String(describing: error))")
            // Far less than the node's 30 s: the deadline ended the call, not the answer. Loose,
            // because the whole lab suite runs in parallel on two cores.
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test("Nothing listening: the error says unreachable and names the address")
    func unreachable() async throws {
        let refusing = Ports.Refusing() // held: no other test's server can take the port meanwhile
        let port = Int(refusing.port)
        let client = try TalosMachineClient(host: "127.0.0.1", port: port, mode: .maintenance)
        let error = await failure { _ = try await client.version(deadline: .now + .seconds(5)) }
        withExtendedLifetime(refusing) {}
        guard case .unreachable(let endpoint, _)? = error else {
            Issue.record("not unreachable: \(String(describing: error))")
            return
        }
        #expect(endpoint == "127.0.0.1:\(port)")
    }
}
