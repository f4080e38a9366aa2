import Foundation
import KilnProxmox
import KilnSSH
import KilnTestSupport
import Testing

/// `PROXMOX_VE_SSH_*`: how kiln reaches a node when the API is not enough (PVE < 8.4 images).
@Suite("SSH settings from PROXMOX_VE_SSH_* variables")
struct SSHSettingsTests {
    static let keyText = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-secret-body\n-----END OPENSSH PRIVATE KEY-----"
    let home = ["HOME": "/home/ops"]

    func settings(_ variables: [String: String]) throws -> ProxmoxSSHSettings {
        try ProxmoxSSHSettings.fromEnvironment(home.merging(variables) { $1 }, endpointHost: "pve.example.com")
    }

    @Test func defaultsAreRootPort22TheUsersKnownHostsAndTheEndpointsHost() throws {
        let ssh = try settings(["PROXMOX_VE_SSH_PRIVATE_KEY": Self.keyText])
        #expect(ssh.user == "root" && ssh.port == 22)
        #expect(ssh.knownHostsPath == "/home/ops/.ssh/known_hosts")
        #expect(ssh.host(for: "pve1") == "pve.example.com")
        guard case .knownHostsFile("/home/ops/.ssh/known_hosts") = ssh.configuration(for: "pve1").hostKeyPolicy else {
            Issue.record("host keys must be checked against known_hosts"); return
        }
        guard case .privateKey(let key) = ssh.authentication else { Issue.record("expected the key"); return }
        #expect(!String(reflecting: key).contains("secret-body"))
    }

    @Test func theKeyMayBeAFileAndNodesMayHaveTheirOwnAddresses() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("id_ed25519", Self.keyText)
        let ssh = try settings(["PROXMOX_VE_SSH_PRIVATE_KEY": path, "PROXMOX_VE_SSH_USERNAME": "kiln", "PROXMOX_VE_SSH_PORT": "2222",
                                "PROXMOX_VE_SSH_KNOWN_HOSTS": "/etc/kiln/known_hosts",
                                "PROXMOX_VE_SSH_NODES": "pve1=10.0.0.11, pve2=[fd00::12]"])
        #expect(ssh.user == "kiln" && ssh.port == 2222 && ssh.knownHostsPath == "/etc/kiln/known_hosts")
        #expect(ssh.host(for: "pve1") == "10.0.0.11" && ssh.host(for: "pve2") == "fd00::12" && ssh.host(for: "pve3") == "pve.example.com")
        guard case .privateKey = ssh.authentication else { Issue.record("expected the key"); return }
    }

    @Test func theAgentWinsWhenAskedFor() throws {
        let ssh = try settings(["PROXMOX_VE_SSH_AGENT": "true", "SSH_AUTH_SOCK": "/tmp/agent.sock", "PROXMOX_VE_SSH_PRIVATE_KEY": Self.keyText])
        guard case .agent(socketPath: "/tmp/agent.sock") = ssh.authentication else { Issue.record("expected the agent"); return }
    }

    @Test(arguments: [
        ([:], "PROXMOX_VE_SSH_PRIVATE_KEY"),
        (["PROXMOX_VE_SSH_AGENT": "true"], "PROXMOX_VE_SSH_AGENT"),
        (["PROXMOX_VE_SSH_AGENT": "maybe", "PROXMOX_VE_SSH_PRIVATE_KEY": keyText], "PROXMOX_VE_SSH_AGENT"),
        (["PROXMOX_VE_SSH_PRIVATE_KEY": "/nonexistent/key"], "PROXMOX_VE_SSH_PRIVATE_KEY"),
        (["PROXMOX_VE_SSH_PRIVATE_KEY": keyText, "PROXMOX_VE_SSH_PORT": "70000"], "PROXMOX_VE_SSH_PORT"),
        (["PROXMOX_VE_SSH_PRIVATE_KEY": keyText, "PROXMOX_VE_SSH_USERNAME": "root@pam"], "PROXMOX_VE_SSH_USERNAME"),
        (["PROXMOX_VE_SSH_PRIVATE_KEY": keyText, "PROXMOX_VE_SSH_NODES": "pve1=10.0.0.1,pve2"], "PROXMOX_VE_SSH_NODES"),
    ] as [([String: String], String)])
    func aMissingOrMalformedSettingNamesItsVariableAndNeverTheKey(variables: [String: String], named: String) throws {
        let error = try #require(throws: ProxmoxConfigurationError.self) { try settings(variables) }
        #expect(error.setting == named, "\(error)")
        for text in [error.description, error.hint] { #expect(!text.contains("secret-body")) }
    }
}
