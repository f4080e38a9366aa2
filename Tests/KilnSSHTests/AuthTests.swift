import Foundation
import KilnSSH
import KilnTestSupport
import Testing

@Suite("authentication against a real sshd")
struct AuthTests {
    private func expectLogin(_ server: TestSSHD, _ authentication: SSHAuthentication) async throws {
        let client = try await SSHClient.connect(server.configuration(authentication))
        let result = try await client.exec("echo logged-in-as-$(id -un)")
        #expect(result.stdoutText == "logged-in-as-\(TestSSHD.user)\n")
        await client.close()
    }

    @Test("Ed25519 key in OpenSSH format, from memory")
    func ed25519() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id_ed25519")
        #expect(key.privateKeyText.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----"))
        try await expectLogin(server, .privateKey(key.sshPrivateKey))
    }

    @Test("encrypted Ed25519 key with its passphrase; a wrong passphrase is a key error")
    func ed25519Passphrase() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id_ed25519_enc", passphrase: "correct horse")
        try await expectLogin(server, .privateKey(key.sshPrivateKey))

        let wrong = SSHPrivateKey(key.privateKeyText, passphrase: "wrong battery")
        let error = await expectSSHError(.invalidPrivateKey) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(wrong)))
        }
        #expect(error?.description.contains("wrong battery") == false)
        #expect(error?.description.contains("passphrase") == true)
    }

    // libssh2 1.10 signs RSA user auth only with SHA-1 ("ssh-rsa"), which OpenSSH 8.8+ disables by
    // default. These servers opt back in so the key *loading* paths (OpenSSH and PEM) are tested;
    // `rsaRefusedByDefaultServer` pins down what users of a stock server see.
    @Test("RSA key in OpenSSH format (server accepting ssh-rsa signatures)")
    func rsaOpenSSH() async throws {
        let server = try TestSSHD(extraConfig: ["PubkeyAcceptedAlgorithms +ssh-rsa"])
        let key = try server.makeUserKey("id_rsa", type: "rsa")
        #expect(key.privateKeyText.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----"))
        try await expectLogin(server, .privateKey(key.sshPrivateKey))
    }

    @Test("RSA key in PEM format, plain and encrypted (server accepting ssh-rsa signatures)")
    func rsaPEM() async throws {
        let server = try TestSSHD(extraConfig: ["PubkeyAcceptedAlgorithms +ssh-rsa"])
        let key = try server.makeUserKey("id_rsa_pem", type: "rsa", pemFormat: true)
        #expect(key.privateKeyText.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        try await expectLogin(server, .privateKey(key.sshPrivateKey))

        let encrypted = try server.makeUserKey("id_rsa_pem_enc", type: "rsa", pemFormat: true, passphrase: "pem secret")
        try await expectLogin(server, .privateKey(encrypted.sshPrivateKey))
    }

    @Test("RSA against a stock server: refused, and the error explains the libssh2 1.10 limit")
    func rsaRefusedByDefaultServer() async throws {
        let server = try TestSSHD()
        let key = try server.makeUserKey("id_rsa_stock", type: "rsa")
        let error = await expectSSHError(.authenticationFailed) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey)))
        }
        #expect(error?.description.contains("SHA-1") == true)
    }

    @Test("a key the server does not know: authentication failed, listing the offered methods")
    func wrongKey() async throws {
        let server = try TestSSHD()
        let stranger = try server.makeUserKey("id_stranger", authorize: false)
        let error = await expectSSHError(.authenticationFailed) {
            _ = try await SSHClient.connect(server.configuration(.privateKey(stranger.sshPrivateKey)))
        }
        #expect(error?.description.contains("it offers: publickey") == true)
        #expect(error?.endpoint == "127.0.0.1:\(server.port)")
        // Never any key material in errors.
        let body = stranger.privateKeyText.split(separator: "\n").dropFirst().first.map(String.init) ?? "unlikely"
        #expect(error?.description.contains(body) == false)
    }

    @Test("SSH agent: identities are tried in turn until one is accepted")
    func agent() async throws {
        let server = try TestSSHD()
        let sshAgent = try ExternalTools.require("ssh-agent")
        let sshAdd = try ExternalTools.require("ssh-add")
        let socket = server.directory.file("agent.sock")
        let agentProcess = try BackgroundProcess(sshAgent, ["-D", "-a", socket], logPath: server.directory.file("agent.log")) {
            FileManager.default.fileExists(atPath: socket)
        }
        defer { agentProcess.stop() }
        // A key the server does not accept comes first, so the loop over identities is exercised.
        let stranger = try server.makeUserKey("agent_stranger", authorize: false)
        let accepted = try server.makeUserKey("agent_accepted")
        for key in [stranger, accepted] {
            let result = try ProcessRunner.run(sshAdd, [key.privateKeyPath], environment: ["SSH_AUTH_SOCK": socket])
            #expect(result.status == 0, "\(result.combined)")
        }
        try await expectLogin(server, .agent(socketPath: socket))

        // An agent holding only the stranger: refused, naming what was tried.
        _ = try ProcessRunner.run(sshAdd, ["-d", accepted.privateKeyPath], environment: ["SSH_AUTH_SOCK": socket])
        let error = await expectSSHError(.authenticationFailed) {
            _ = try await SSHClient.connect(server.configuration(.agent(socketPath: socket)))
        }
        #expect(error?.description.contains("tried ssh-ed25519 SHA256:") == true)
    }
}
