import Foundation
import KilnTestSupport

/// A Proxmox node's SSH side for the lab: a real OpenSSH `sshd` on 127.0.0.1 (set up as
/// KilnSSHTests' `TestSSHD` does: own host key, authorized_keys and config in a temporary
/// directory, running as the current user), whose sessions find a stand-in `qm` first on their
/// PATH. That `qm` answers `qm disk import VMID SOURCE STORAGE` by asking the lab, through its
/// control API, to add the disk as PVE would; the lab never reads the file, the script passes
/// its size. Every `qm` command line is appended to `qmLog`.
final class LabNodeSSHD: @unchecked Sendable {
    let directory: TemporaryDirectory
    let port: UInt16
    /// `[127.0.0.1]:PORT ssh-ed25519 AAAA…`, as `ssh-keyscan` prints it.
    let knownHostsLine: String
    /// The private key the server authorizes (OpenSSH format, Ed25519).
    let privateKeyPath: String
    private let process: BackgroundProcess
    private let hostPublicKeyPath: String

    var qmLog: String { directory.file("qm.log") }
    static var user: String { ProcessInfo.processInfo.userName }

    struct SetupError: Error, CustomStringConvertible { let description: String }

    /// `labBase` is the lab's `https://127.0.0.1:PORT`; `node` the Proxmox node this server is.
    init(labBase: String, node: String) throws {
        let sshd = try ExternalTools.require("sshd")
        let keygen = try ExternalTools.require("ssh-keygen")
        _ = try ExternalTools.require("curl")
        try Self.ensurePrivilegeSeparationDirectory()
        directory = try TemporaryDirectory(prefix: "kiln-node-sshd")
        let hostKey = directory.file("ssh_host_ed25519_key")
        hostPublicKeyPath = hostKey + ".pub"
        try ProcessRunner.check(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "lab-node", "-f", hostKey])
        privateKeyPath = directory.file("id_ed25519")
        try ProcessRunner.check(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "kiln-test", "-f", privateKeyPath])
        try FileManager.default.copyItem(atPath: privateKeyPath + ".pub", toPath: directory.file("authorized_keys"))

        let bin = directory.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        _ = try directory.write("bin/qm", Self.qmScript(labBase: labBase, node: node, log: directory.file("qm.log")), mode: 0o755)

        var started: (BackgroundProcess, UInt16)?
        var lastError: Error?
        // Ports.free() can race with another process; try a few ports before giving up.
        for _ in 0..<3 where started == nil {
            let candidate = Ports.free()
            _ = try directory.write("sshd_config", [
                "ListenAddress 127.0.0.1", "Port \(candidate)", "HostKey \(hostKey)",
                "AuthorizedKeysFile \(directory.file("authorized_keys"))", "PidFile \(directory.file("sshd.pid"))",
                "StrictModes no", "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password", "Subsystem sftp internal-sftp", "LogLevel VERBOSE",
                // The stand-in `qm` first, as /usr/sbin/qm is on a real node's PATH.
                "SetEnv PATH=\(bin):/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            ].joined(separator: "\n") + "\n")
            do {
                let process = try BackgroundProcess(sshd, ["-D", "-e", "-f", directory.file("sshd_config")],
                                                    logPath: directory.file("sshd.log")) { Ports.isAccepting(port: candidate) }
                started = (process, candidate)
            } catch {
                lastError = error
            }
        }
        guard let (process, port) = started else { throw lastError ?? SetupError(description: "sshd did not start") }
        self.process = process
        self.port = port
        let fields = try String(contentsOfFile: hostPublicKeyPath, encoding: .utf8).split(separator: " ")
        knownHostsLine = "[127.0.0.1]:\(port) \(fields[0]) \(fields[1])"
    }

    /// The `qm` a session finds: only `qm disk import`, as PVE prints it.
    private static func qmScript(labBase: String, node: String, log: String) -> String {
        """
        #!/bin/sh
        # Stand-in for PVE's qm on a lab node: `qm disk import VMID SOURCE STORAGE` only.
        echo "$*" >> '\(log)'
        if [ "$1" != disk ] || [ "$2" != import ] || [ $# -lt 5 ]; then
            echo "qm (lab stand-in): unsupported command: $*" >&2; exit 255
        fi
        vmid=$3 source=$4 storage=$5
        if [ ! -f "$source" ]; then echo "unable to import '$source': no such file" >&2; exit 255; fi
        echo "importing disk '$source' to VM $vmid ..."
        answer=$(curl -sS -k --noproxy '*' --fail-with-body -X POST '\(labBase)/lab/vms/'"$vmid"'/import-disk' \\
            --data-urlencode 'node=\(node)' --data-urlencode "file=$source" --data-urlencode "storage=$storage" \\
            --data-urlencode "size=$(stat -c %s "$source")") || { echo "$answer" >&2; exit 255; }
        echo "Successfully imported disk as '$(echo "$answer" | sed -n 's/.*"data":"\\([^"]*\\)".*/\\1/p')'"

        """
    }

    /// The `qm` command lines run so far.
    func qmCommands() -> [String] {
        ((try? String(contentsOfFile: qmLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// `SHA256:…` of the host key, as `ssh-keygen -l` prints it.
    func hostKeyFingerprint() throws -> String {
        let output = try ProcessRunner.check(try ExternalTools.require("ssh-keygen"), ["-l", "-E", "sha256", "-f", hostPublicKeyPath]).stdout
        return String(output.split(separator: " ")[1])
    }

    /// Writes a known_hosts file with `lines` and returns its path.
    func knownHosts(_ lines: [String]) throws -> String {
        try directory.write("known_hosts-\(UUID().uuidString.prefix(6))", lines.joined(separator: "\n") + "\n")
    }

    /// The `PROXMOX_VE_SSH_*` a user of this node would set: its port, the authorized key, and
    /// a known_hosts file that records the host key.
    func environment() throws -> [String: String?] {
        ["PROXMOX_VE_SSH_USERNAME": Self.user, "PROXMOX_VE_SSH_PORT": String(port),
         "PROXMOX_VE_SSH_PRIVATE_KEY": privateKeyPath, "PROXMOX_VE_SSH_KNOWN_HOSTS": try knownHosts([knownHostsLine])]
    }

    func log() -> String { process.log() }

    /// sshd refuses to start as root without its privilege-separation directory.
    private static func ensurePrivilegeSeparationDirectory() throws {
        guard getuid() == 0, !FileManager.default.fileExists(atPath: "/run/sshd") else { return }
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
    }

    deinit { process.stop() }
}
