import Foundation
import KilnSSH
import KilnTestSupport
import Testing

@Suite("host-key checking against a real sshd")
struct HostKeyTests {
    @Test("unknown host: refused, showing the SHA256 fingerprint ssh-keygen computes and how to trust it")
    func unknownHost() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let knownHosts = try server.writeKnownHosts(["# nothing for this server yet"])
        let expected = try server.hostKeyFingerprintFromSSHKeygen()
        let error = await expectSSHError(.hostKeyUnknown) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(knownHosts)))
        }
        let text = error?.description ?? ""
        #expect(text.contains("ssh-ed25519 \(expected)"), "\(text)")
        #expect(text.contains("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"))
        #expect(text.contains("ssh-keyscan -p \(server.port) -t ed25519 127.0.0.1 >> \(knownHosts)"))
        // Refused before authentication: the server never saw a login attempt.
        #expect(!server.log().contains("Accepted publickey"))
    }

    @Test("following the advice in the message (ssh-keyscan >> known_hosts) makes the next connect work")
    func adviceWorks() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let knownHosts = try server.writeKnownHosts([])
        let scan = try ProcessRunner.check(try ExternalTools.require("ssh-keyscan"),
                                           ["-p", String(server.port), "-t", "ed25519", "127.0.0.1"])
        try (scan.stdout).write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let client = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(knownHosts)))
        #expect(try await client.exec("echo ok").stdoutText == "ok\n")
    }

    @Test("changed key: refused, naming the known_hosts file and line of the recorded key")
    func changedKey() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let other = try server.makeUserKey("impostor_host_key", authorize: false)
        let otherFields = other.publicKeyLine.split(separator: " ")
        let knownHosts = try server.writeKnownHosts([
            "# lab nodes",
            "10.0.0.1 \(otherFields[0]) \(otherFields[1])",
            "[127.0.0.1]:\(server.port) \(otherFields[0]) \(otherFields[1])",
        ])
        let error = await expectSSHError(.hostKeyChanged) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(knownHosts)))
        }
        let text = error?.description ?? ""
        #expect(text.contains("\(knownHosts):3: ssh-ed25519"), "\(text)")
        #expect(!text.contains("\(knownHosts):2:"))
        #expect(text.contains(try server.hostKeyFingerprintFromSSHKeygen()))
        #expect(text.contains("ssh-keygen -R '[127.0.0.1]:\(server.port)' -f \(knownHosts)"))
    }

    @Test("hashed entry written by ssh-keygen -H is accepted")
    func hashedEntry() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let knownHosts = try server.writeKnownHosts([server.knownHostsLine])
        try ProcessRunner.check(server.sshKeygen, ["-H", "-f", knownHosts])
        let hashed = try String(contentsOfFile: knownHosts, encoding: .utf8)
        #expect(hashed.hasPrefix("|1|"))
        #expect(!hashed.contains("127.0.0.1"))
        let client = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(knownHosts)))
        #expect(try await client.exec("echo ok").stdoutText == "ok\n")
    }

    @Test("[host]:port entries: the right port matches, a bare host entry (port 22) does not")
    func portEntries() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let fields = server.hostPublicKey.split(separator: " ")
        let bare = try server.writeKnownHosts(["127.0.0.1 \(fields[0]) \(fields[1])"], name: "bare")
        _ = await expectSSHError(.hostKeyUnknown) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(bare)))
        }
        let wildcard = try server.writeKnownHosts(["[127.0.0.*]:\(server.port),!10.0.0.1 \(fields[0]) \(fields[1])"], name: "wild")
        _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(wildcard)))
        let negated = try server.writeKnownHosts(["[127.0.0.*]:\(server.port),![127.0.0.1]:\(server.port) \(fields[0]) \(fields[1])"], name: "neg")
        _ = await expectSSHError(.hostKeyUnknown) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(negated)))
        }
    }

    @Test("@revoked key: refused even when another line lists it as valid")
    func revoked() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let fields = server.hostPublicKey.split(separator: " ")
        let knownHosts = try server.writeKnownHosts([server.knownHostsLine, "@revoked * \(fields[0]) \(fields[1])"])
        let error = await expectSSHError(.hostKeyRevoked) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(knownHosts)))
        }
        #expect(error?.description.contains("\(knownHosts):2") == true)
    }

    @Test("@cert-authority lines never vouch for a plain host key")
    func certAuthorityIgnored() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let fields = server.hostPublicKey.split(separator: " ")
        let knownHosts = try server.writeKnownHosts(["@cert-authority * \(fields[0]) \(fields[1])"])
        _ = await expectSSHError(.hostKeyUnknown) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .knownHostsFile(knownHosts)))
        }
    }

    @Test("pinned fingerprints: the right one connects, another is refused")
    func pinned() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id")
        let fingerprint = try server.hostKeyFingerprintFromSSHKeygen()
        let client = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey), policy: .pinned([fingerprint])))
        #expect(try await client.exec("echo ok").stdoutText == "ok\n")
        let error = await expectSSHError(.hostKeyUnknown) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey),
                                                                 policy: .pinned(["SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])))
        }
        #expect(error?.description.contains(fingerprint) == true)
    }
}
