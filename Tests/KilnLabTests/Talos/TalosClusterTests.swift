import Foundation
import KilnArchive
import KilnHTTP
@testable import KilnLab
import KilnTalosAPI
import KilnTestSupport
import SwiftProtobuf
import Testing
import Yams

@Suite("A Talos cluster across lab nodes: bootstrap once, etcd grows, workers via trustd, proxying")
struct TalosClusterTests {
    @Test("3 control planes + 1 worker: Bootstrap once, membership grows to 3, EtcdStatus names the leader, the worker answers mTLS")
    func threeControlPlanesAndAWorker() async throws {
        let pki = try TalosTestPKI()
        try await withTalosLab { lab in
            let planes = ["127.0.78.11", "127.0.78.12", "127.0.78.13"], worker = "127.0.78.14"
            for (index, ip) in (planes + [worker]).enumerated() { try await lab.startVM(321 + index, ip: ip) }

            // The worker first: without a control plane's config the lab has no OS CA key to
            // issue its certificate (trustd's job), so its apid stays down.
            let workerMaintenance = try TalosMachineClient(host: worker, port: 50000, mode: .maintenance(pinnedSHA256: nil))
            try await eventually("worker in maintenance") { _ = try await workerMaintenance.version(deadline: .now + .seconds(2)); return true }
            _ = try await workerMaintenance.applyConfiguration(data: try pki.workerConfig(), mode: .auto)
            try await eventually("worker waiting for trustd") { try await lab.talosNodes()[worker]?["phase"] == "rebooting" }
            let workerAdmin = try TalosMachineClient(host: worker, port: 50000, mode: try pki.admin())
            #expect(await failure { _ = try await workerAdmin.version(deadline: .now + .seconds(2)) } != nil)

            var admins: [TalosMachineClient] = []
            for ip in planes { admins.append(try await configure(ip, with: try pki.controlPlaneConfig(), as: try pki.admin())) }
            try await eventually("worker configured") { _ = try await workerAdmin.version(deadline: .now + .seconds(2)); return true }
            #expect(try await workerAdmin.serviceList().services.map(\.id) == ["apid", "kubelet"])
            #expect(try await admins[1].serviceList().services.first { $0.id == "etcd" }?.state == "Preparing")

            _ = try await admins[0].bootstrap()
            #expect(await failure { _ = try await admins[0].bootstrap() }?.grpcError == .alreadyExists("etcd data directory is not empty"))
            #expect(await failure { _ = try await admins[1].bootstrap() }?.grpcError == .alreadyExists("etcd data directory is not empty"))
            let reader = try TalosMachineClient(host: planes[2], port: 50000, mode: try pki.client(organization: "os:reader"))
            #expect(await failure { _ = try await reader.bootstrap() }?.grpcError?.code == .permissionDenied)

            try await eventually("etcd has 3 members") { try await admins[2].etcdMemberList().members.count == 3 }
            let members = try await admins[1].etcdMemberList().members
            #expect(Set(members.map(\.hostname)) == Set(planes))
            #expect(members.first?.hostname == planes[0])
            #expect(try await admins[1].serviceList().services.first { $0.id == "etcd" }?.state == "Running")

            let status = try await admins[1].etcdStatus()
            #expect(status.memberStatus.leader == members.first { $0.hostname == planes[0] }?.id)
            #expect(status.memberStatus.memberID == members.first { $0.hostname == planes[1] }?.id)
            #expect(status.memberStatus.raftIndex > 0)
            #expect(status.memberStatus.dbSize > 0)
            #expect(await failure { _ = try await workerAdmin.etcdStatus() }?.grpcError?.code == .failedPrecondition)

            let listed = try await lab.talosNodes()
            #expect(listed[planes[0]]?["bootstrapAccepted"] == 1)
            #expect(listed[planes[0]]?["bootstrapRefused"] == 1)
            #expect(listed[planes[0]]?["etcdMember"] == true)
            #expect(listed[planes[0]]?["role"] == "controlplane")
            #expect(listed[planes[0]]?["cluster"] == "lab")
            #expect(listed[worker]?["role"] == "worker")
            #expect(listed[worker]?["etcdMember"] == false)
            #expect(listed[worker]?["appliedConfigs"] == 1)
        }
    }

    @Test("nodes metadata: one call answered for each named node, hostname set; a node that fails gives metadata.error")
    func proxying() async throws {
        let pki = try TalosTestPKI()
        try await withTalosLab { lab in
            let planes = ["127.0.82.11", "127.0.82.12"]
            for (index, ip) in planes.enumerated() { try await lab.startVM(341 + index, ip: ip) }
            for ip in planes { _ = try await configure(ip, with: try pki.controlPlaneConfig(), as: try pki.admin()) }
            let admin = try TalosMachineClient(host: planes[0], port: 50000, mode: try pki.admin())
            let results = try await admin.fanOut(.version, Google_Protobuf_Empty(), Machine_VersionResponse.self,
                                                 to: planes + ["127.0.82.99"])
            #expect(results.replies.map(\.metadata.hostname) == planes)
            #expect(results.replies.map(\.version.tag) == ["v1.12.2", "v1.12.2"])
            #expect(results.failures.map(\.node) == ["127.0.82.99"])
            #expect(results.failures.first?.error.code == .unavailable)
            // One node through another: the reply names the node it came from.
            #expect(try await admin.proxying(to: planes[1]).version().metadata.hostname == planes[1])
        }
    }

    @Test("Kubeconfig: a tar.gz with one file kubeconfig, admin@lab under cluster.ca, that kubectl reads")
    func kubeconfig() async throws {
        let pki = try TalosTestPKI()
        try await withTalosLab { lab in
            try await lab.startVM(351, ip: "127.0.79.11")
            let admin = try await configure("127.0.79.11", with: try pki.controlPlaneConfig(endpoint: "https://127.0.79.100:6443"),
                                            as: try pki.admin())
            let entries = try Tar.entries(try Gzip.decompress(try await admin.kubeconfigArchive()))
            #expect(entries.map(\.name) == ["kubeconfig"])
            // The client's own unpacking gives such a file (with a certificate of its own).
            let unpacked = try Yams.load(yaml: String(decoding: try await admin.kubeconfig(), as: UTF8.self)) as? [String: Any]
            #expect(unpacked?["current-context"] as? String == "admin@lab")
            let text = String(decoding: try #require(entries.first).contents, as: UTF8.self)
            let yaml = try #require(try Yams.load(yaml: text) as? [String: Any])
            #expect(yaml["current-context"] as? String == "admin@lab")
            let cluster = try #require((yaml["clusters"] as? [[String: Any]])?.first)
            #expect(cluster["name"] as? String == "lab")
            let clusterBody = try #require(cluster["cluster"] as? [String: Any])
            #expect(clusterBody["server"] as? String == "https://127.0.79.100:6443")
            #expect(clusterBody["certificate-authority-data"] as? String == Data(pki.kubernetesCA.certificate.pem.utf8).base64EncodedString())
            let user = try #require((yaml["users"] as? [[String: Any]])?.first)
            #expect(user["name"] as? String == "admin@lab")
            let credentials = try #require(user["user"] as? [String: Any])
            let certificate = try #require((credentials["client-certificate-data"] as? String).flatMap { Data(base64Encoded: $0) })

            let openssl = try OpenSSLCLI()
            try openssl.write("ca.pem", pki.kubernetesCA.certificate.pem)
            try openssl.write("admin.pem", String(decoding: certificate, as: UTF8.self))
            #expect(try openssl.run("verify", "-CAfile", "ca.pem", "admin.pem").contains("admin.pem: OK"))
            let subject = try openssl.run("x509", "-in", "admin.pem", "-noout", "-subject")
            #expect(subject.contains("O = system:masters") && subject.contains("CN = admin"), "\(subject)")

            guard let kubectl = ExternalTools.find("kubectl") else {
                Issue.record("kubectl not found: the kubeconfig was not checked by kubectl (install it to run this check)")
                return
            }
            let file = try openssl.write("kubeconfig", text)
            let viewed = try ProcessRunner.check(kubectl, ["config", "view", "--kubeconfig", file, "--raw", "-o", "jsonpath={.current-context} {.clusters[0].cluster.server}"])
            #expect(viewed.stdout == "admin@lab https://127.0.79.100:6443")

            let reader = try TalosMachineClient(host: "127.0.79.11", port: 50000, mode: try pki.client(organization: "os:reader"))
            #expect(await failure { _ = try await reader.kubeconfig() }?.grpcError?.code == .permissionDenied)
        }
    }
}
