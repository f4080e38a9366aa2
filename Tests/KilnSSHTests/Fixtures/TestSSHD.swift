import Foundation
import KilnSSH
import KilnTestSupport

/// A real OpenSSH server on 127.0.0.1 for one test: its own host key, authorized_keys and config
/// in a temporary directory, running as the current user (root in CI, hence
/// `PermitRootLogin prohibit-password`).
final class TestSSHD: @unchecked Sendable {
    let directory: TemporaryDirectory
    let port: UInt16
    let hostKeyPath: String
    /// The host key's public line, e.g. "ssh-ed25519 AAAA… comment".
    let hostPublicKey: String
    private var process: BackgroundProcess?
    let sshKeygen: String

    static var user: String { ProcessInfo.processInfo.userName }
    var host: String { "127.0.0.1" }
    var authorizedKeysPath: String { directory.file("authorized_keys") }

    struct SetupError: Error, CustomStringConvertible { let description: String }

    init(extraConfig: [String] = []) throws {
        let sshd = try ExternalTools.require("sshd")
        sshKeygen = try ExternalTools.require("ssh-keygen")
        try Self.ensurePrivilegeSeparationDirectory()
        directory = try TemporaryDirectory(prefix: "kiln-sshd")
        hostKeyPath = directory.file("ssh_host_ed25519_key")
        try ProcessRunner.check(sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", "test-host", "-f", hostKeyPath])
        hostPublicKey = try String(contentsOfFile: hostKeyPath + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try directory.write("authorized_keys", "")

        // Ports.free() can race with another process; try a few ports before giving up.
        var lastError: Error?
        for _ in 0..<3 {
            let candidate = Ports.free()
            let config = directory.file("sshd_config")
            try directory.write("sshd_config", ([
                "ListenAddress 127.0.0.1",
                "Port \(candidate)",
                "HostKey \(hostKeyPath)",
                "AuthorizedKeysFile \(directory.file("authorized_keys"))",
                "PidFile \(directory.file("sshd.pid"))",
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE",
            ] + extraConfig).joined(separator: "\n") + "\n")
            do {
                process = try BackgroundProcess(sshd, ["-D", "-e", "-f", config], logPath: directory.file("sshd.log")) {
                    Ports.isAccepting(port: candidate)
                }
                port = candidate
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? SetupError(description: "sshd did not start")
    }

    /// sshd refuses to start as root without its privilege-separation directory.
    private static func ensurePrivilegeSeparationDirectory() throws {
        guard getuid() == 0 else { return }
        let path = "/run/sshd"
        if FileManager.default.fileExists(atPath: path) { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        } catch {
            throw SetupError(description: "sshd running as root needs the privilege-separation directory \(path), and it could not be created (\(error)); create it with `mkdir -p -m 755 /run/sshd`")
        }
    }

    func log() -> String { process?.log() ?? "" }

    func stop() { process?.stop() }

    /// A user key pair made by ssh-keygen; the public half is authorized unless told otherwise.
    struct UserKey {
        let privateKeyPath: String
        let privateKeyText: String
        let publicKeyLine: String
        let passphrase: String?
        var sshPrivateKey: SSHPrivateKey { SSHPrivateKey(privateKeyText, passphrase: passphrase) }
    }

    func makeUserKey(_ name: String, type: String = "ed25519", pemFormat: Bool = false, passphrase: String? = nil,
                     authorize: Bool = true) throws -> UserKey {
        let path = directory.file(name)
        var arguments = ["-q", "-t", type, "-N", passphrase ?? "", "-C", name, "-f", path]
        if type == "rsa" { arguments += ["-b", "2048"] }
        if pemFormat { arguments += ["-m", "PEM"] }
        try ProcessRunner.check(sshKeygen, arguments)
        let publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        if authorize {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: authorizedKeysPath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((publicLine + "\n").utf8))
            try handle.close()
        }
        return UserKey(privateKeyPath: path, privateKeyText: try String(contentsOfFile: path, encoding: .utf8),
                       publicKeyLine: publicLine, passphrase: passphrase)
    }

    /// `[127.0.0.1]:PORT ssh-ed25519 AAAA…`, the line ssh-keyscan would print.
    var knownHostsLine: String {
        let fields = hostPublicKey.split(separator: " ")
        return "[\(host)]:\(port) \(fields[0]) \(fields[1])"
    }

    /// Writes a known_hosts file with `lines` and returns its path.
    func writeKnownHosts(_ lines: [String], name: String = "known_hosts") throws -> String {
        try directory.write(name, lines.joined(separator: "\n") + "\n")
    }

    /// The SHA256 fingerprint as `ssh-keygen -l -E sha256` prints it (the independent reference).
    func hostKeyFingerprintFromSSHKeygen() throws -> String {
        let output = try ProcessRunner.check(sshKeygen, ["-l", "-E", "sha256", "-f", hostKeyPath + ".pub"]).stdout
        let fields = output.split(separator: " ")
        guard fields.count >= 2 else { throw SetupError(description: "unexpected ssh-keygen -l output: \(output)") }
        return String(fields[1])
    }

    func configuration(_ authentication: SSHAuthentication, policy: HostKeyPolicy? = nil,
                       connectTimeout: Duration = .seconds(10), operationTimeout: Duration = .seconds(30)) throws -> SSHConfiguration {
        let resolvedPolicy = try policy ?? .knownHostsFile(writeKnownHosts([knownHostsLine]))
        return SSHConfiguration(host: host, port: Int(port), user: Self.user, authentication: authentication,
                                hostKeyPolicy: resolvedPolicy, connectTimeout: connectTimeout, operationTimeout: operationTimeout)
    }

    deinit { stop() }
}
