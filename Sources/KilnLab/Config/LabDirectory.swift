import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files of a lab directory (`--dir`): `world.json` (VMs, rewritten on every change),
/// `config.json` (the config in use), `lab.json` (pid, endpoint, token, fingerprint of the running
/// lab), `fingerprint`, `lab.crt`, `lab.pid` and `lab.log` (output of a detached lab).
public struct LabDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    public var world: String { file("world.json") }
    public var config: String { file("config.json") }
    public var state: String { file("lab.json") }
    public var fingerprint: String { file("fingerprint") }
    public var certificate: String { file("lab.crt") }
    public var pid: String { file("lab.pid") }
    public var log: String { file("lab.log") }

    public func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Writes `text` atomically with mode 0600 (the token is a secret).
    public func write(_ name: String, _ text: String) throws {
        let target = file(name)
        let temporary = target + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw LabServerError(description: "could not write \(temporary)")
        }
        guard rename(temporary, target) == 0 else {
            throw LabServerError(description: "could not write \(target): \(String(cString: strerror(errno)))")
        }
    }

    public func readState() throws -> LabState {
        guard let data = FileManager.default.contents(atPath: state) else {
            throw LabServerError(description: "no running lab in \(path) (\(state) not found); start one with `kiln-lab up --dir \(path)`")
        }
        return try JSONDecoder().decode(LabState.self, from: data)
    }
}

/// What a running lab writes to `lab.json`, and `kiln-lab env` prints.
public struct LabState: Sendable, Codable, Equatable {
    public var pid: Int32
    /// `https://127.0.10.1:8006/`.
    public var endpoint: String
    /// `root@pam!kiln=SECRET`.
    public var token: String?
    /// SHA-256 of the certificate, `AB:CD:…`.
    public var fingerprint: String

    public init(pid: Int32, endpoint: String, token: String?, fingerprint: String) {
        self.pid = pid
        self.endpoint = endpoint
        self.token = token
        self.fingerprint = fingerprint
    }

    /// Shell lines for `eval "$(kiln-lab env)"`.
    public var shellExports: String {
        var lines = ["export PROXMOX_VE_ENDPOINT=\(endpoint)"]
        if let token { lines.append("export PROXMOX_VE_API_TOKEN='\(token)'") }
        lines.append("export PROXMOX_VE_FINGERPRINT=\(fingerprint)")
        lines.append("export KILN_LAB_FINGERPRINT=\(fingerprint)")
        lines.append("# pin it in the plan: proxmox.fingerprint: \"\(fingerprint)\"")
        return lines.joined(separator: "\n") + "\n"
    }
}
