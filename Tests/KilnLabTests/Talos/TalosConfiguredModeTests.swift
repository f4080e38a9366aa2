import Foundation
import KilnHTTP
import KilnLab
import KilnTalosAPI
import Testing

@Suite("Talos node after its config: mutual TLS under the OS CA, roles, Bootstrap once")
struct TalosConfiguredModeTests {
    @Test("After a config the node reboots into configured mode; kiln's admin certificate reads and the OS CA verifies the node")
    func rebootsIntoConfiguredMode() async throws {
        let pki = try TalosTestPKI()
        try await withTalosNode(TalosNodeSettings(host: "127.0.61.12", port: 0)) { node in
            let admin = try await node.configure(with: pki, as: try pki.admin())
            #expect(await node.isConfigured)
            #expect(try await admin.version().version.tag == node.settings.talosVersion)
            let services = try await admin.serviceList().services
            #expect(services.map(\.id) == ["apid", "trustd", "etcd", "kubelet"])
            #expect(services.first { $0.id == "etcd" }?.state == "Preparing")
            #expect(try await admin.etcdMemberList().members.isEmpty)
            #expect(await node.configuredCertificate?.issuer == pki.osCA.certificate.subject)
        }
    }

    @Test("Bootstrap: FailedPrecondition during the warm-up, then OK once, then AlreadyExists; etcd has a member")
    func bootstrapOnce() async throws {
        let pki = try TalosTestPKI()
        try await withTalosNode(TalosNodeSettings(host: "127.0.62.11", port: 0, bootstrapWarmUp: .seconds(8))) { node in
            let admin = try await node.configure(with: pki, as: try pki.admin())
            let early = await failure { _ = try await admin.bootstrap() }
            #expect(early?.grpcError == .failedPrecondition("bootstrap is not available yet"))

            // Retried as kiln will: FailedPrecondition means "not yet".
            let giveUp = ContinuousClock.now + .seconds(40)
            while case .failedPrecondition? = await failure(of: { _ = try await admin.bootstrap() })?.grpcError,
                  ContinuousClock.now < giveUp {
                try await Task.sleep(for: .milliseconds(250))
            }
            let again = await failure { _ = try await admin.bootstrap() }
            #expect(again?.grpcError == .alreadyExists("etcd data directory is not empty"))
            #expect(try await admin.etcdMemberList().members.map(\.hostname) == ["127.0.62.11"])
        }
    }

    @Test("A reader certificate reads but calling an admin RPC is PermissionDenied")
    func readerRole() async throws {
        let pki = try TalosTestPKI()
        let readerMode = try pki.client(organization: "os:reader")
        let config = try pki.controlPlaneConfig()
        try await withTalosNode(TalosNodeSettings(host: "127.0.63.11", port: 0)) { node in
            let reader = try await node.configure(with: pki, as: readerMode)
            #expect(try await reader.version().version.tag == node.settings.talosVersion)
            #expect(try await reader.serviceList().services.count == 4)
            let bootstrap = await failure { _ = try await reader.bootstrap() }
            #expect(bootstrap?.grpcError?.code == .permissionDenied)
            let apply = await failure { _ = try await reader.applyConfiguration(data: config, mode: .auto) }
            #expect(apply?.grpcError?.code == .permissionDenied)
        }
    }

    @Test("No client certificate, or one from another CA: the TLS failure is named, with the node")
    func clientCertificateRequired() async throws {
        let pki = try TalosTestPKI()
        try await withTalosNode(TalosNodeSettings(host: "127.0.64.11", port: 0)) { node in
            _ = try await node.configure(with: pki, as: try pki.admin())

            let anonymous = try node.maintenanceClient()
            let none = await failure { _ = try await anonymous.version(deadline: .now + .seconds(5)) }
            guard case .tls(let endpoint, _, let reason)? = none else {
                Issue.record("not a TLS failure: \(String(describing: none))")
                return
            }
            #expect(endpoint == "127.0.64.11:\(node.port)")
            #expect(!reason.isEmpty)

            let otherCA = try TalosTestPKI()
            let stranger = try TalosMachineClient(
                host: "127.0.64.11", port: node.port,
                mode: try pki.client(organization: "os:admin", issuer: otherCA.osCA))
            let foreign = await failure { _ = try await stranger.version(deadline: .now + .seconds(5)) }
            guard case .tls? = foreign else {
                Issue.record("not a TLS failure: \(String(describing: foreign))")
                return
            }
        }
    }
}
