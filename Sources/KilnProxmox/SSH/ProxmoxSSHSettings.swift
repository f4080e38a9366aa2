import Foundation
import KilnSSH

/// How kiln reaches a Proxmox node over SSH, for what the API cannot do (importing a disk image
/// on PVE < 8.4). Read from the environment with the names users know from the bpg Terraform
/// provider; only needed, and only checked, when a plan actually has to use SSH.
public struct ProxmoxSSHSettings: Sendable {
    public var user: String
    public var port: Int
    public var authentication: SSHAuthentication
    public var knownHostsPath: String
    /// Where nodes without an entry in `nodeHosts` are reached: the API endpoint's host.
    public var defaultHost: String
    /// `PROXMOX_VE_SSH_NODES`: node name → address, for clusters whose nodes are not all behind
    /// the API endpoint's address.
    public var nodeHosts: [String: String]

    public enum Variable {
        public static let username = "PROXMOX_VE_SSH_USERNAME"
        public static let privateKey = "PROXMOX_VE_SSH_PRIVATE_KEY"
        public static let agent = "PROXMOX_VE_SSH_AGENT"
        public static let agentSocket = "PROXMOX_VE_SSH_AUTH_SOCK"
        public static let port = "PROXMOX_VE_SSH_PORT"
        public static let knownHosts = "PROXMOX_VE_SSH_KNOWN_HOSTS"
        public static let nodes = "PROXMOX_VE_SSH_NODES"
    }

    /// The address of Proxmox node `node`.
    public func host(for node: String) -> String { nodeHosts[node] ?? defaultHost }

    /// A session configuration for `node`: the host key must be in `knownHostsPath` (never
    /// accepted unseen). Imports of multi-GB images take long, so single steps may too.
    public func configuration(for node: String) -> SSHConfiguration {
        SSHConfiguration(host: host(for: node), port: port, user: user, authentication: authentication,
                         hostKeyPolicy: .knownHostsFile(knownHostsPath), connectTimeout: .seconds(15),
                         operationTimeout: .seconds(120))
    }

    /// Reads `PROXMOX_VE_SSH_*`. `endpointHost` is the API endpoint's host, the default node
    /// address. Errors name the variable and never show its value (a key may be in it).
    public static func fromEnvironment(_ environment: [String: String], endpointHost: String) throws(ProxmoxConfigurationError) -> Self {
        func value(_ name: String) -> String? {
            guard let v = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return v
        }
        let user = value(Variable.username) ?? "root"
        guard !user.contains(where: { $0.isWhitespace || $0 == "@" }) else {
            throw ProxmoxConfigurationError(
                setting: Variable.username, problem: "is not a Unix user name",
                hint: "set it to the node's login, e.g. root (without a realm such as @pam)")
        }

        var port = 22
        if let text = value(Variable.port) {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw ProxmoxConfigurationError(setting: Variable.port, problem: "is not a TCP port",
                                                hint: "set it to the nodes' SSH port (1-65535), or unset it for 22")
            }
            port = number
        }

        let authentication = try Self.authentication(environment, value: value)

        let knownHosts: String
        if let path = value(Variable.knownHosts) {
            knownHosts = path
        } else if let home = value("HOME") {
            knownHosts = home + "/.ssh/known_hosts"
        } else {
            throw ProxmoxConfigurationError(setting: Variable.knownHosts, problem: "is not set, and neither is HOME",
                                            hint: "set \(Variable.knownHosts) to the known_hosts file that records your Proxmox nodes' host keys")
        }

        var nodeHosts: [String: String] = [:]
        if let text = value(Variable.nodes) {
            for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
                let pair = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, !pair[0].isEmpty, let host = Self.host(pair[1]) else {
                    throw ProxmoxConfigurationError(setting: Variable.nodes, problem: "entry `\(entry)` is not NODE=ADDRESS",
                                                    hint: "list each Proxmox node with its SSH address, e.g. pve1=10.0.0.11,pve2=10.0.0.12")
                }
                nodeHosts[pair[0]] = host
            }
        }
        guard let defaultHost = Self.host(endpointHost) else {
            throw ProxmoxConfigurationError(setting: Variable.nodes, problem: "the API endpoint has no usable host",
                                            hint: "list each Proxmox node with its SSH address, e.g. pve1=10.0.0.11")
        }
        return Self(user: user, port: port, authentication: authentication, knownHostsPath: knownHosts,
                    defaultHost: defaultHost, nodeHosts: nodeHosts)
    }

    /// The agent when `PROXMOX_VE_SSH_AGENT` is true (it wins, as in the bpg provider), else the
    /// private key, given as a file path or as the key text itself.
    private static func authentication(_ environment: [String: String],
                                       value: (String) -> String?) throws(ProxmoxConfigurationError) -> SSHAuthentication {
        var useAgent = false
        if let text = value(Variable.agent) {
            switch text.lowercased() {
            case "1", "true", "yes": useAgent = true
            case "0", "false", "no": useAgent = false
            default:
                throw ProxmoxConfigurationError(setting: Variable.agent, problem: "is neither true nor false",
                                                hint: "set it to true to sign in with the keys of your ssh-agent, or unset it")
            }
        }
        if useAgent {
            guard let socket = value(Variable.agentSocket) ?? value("SSH_AUTH_SOCK") else {
                throw ProxmoxConfigurationError(
                    setting: Variable.agent, problem: "is true, but no agent socket is known (SSH_AUTH_SOCK is not set)",
                    hint: "start an agent (`eval $(ssh-agent)`, `ssh-add`), or set \(Variable.agentSocket) to its socket")
            }
            return .agent(socketPath: socket)
        }
        guard let key = value(Variable.privateKey) else {
            throw ProxmoxConfigurationError(
                setting: Variable.privateKey, problem: "is not set, and \(Variable.agent) is not true",
                hint: "this Proxmox VE imports disk images over SSH: set \(Variable.privateKey) to the path of a private key the node accepts for \(value(Variable.username) ?? "root") (Ed25519 recommended), or \(Variable.agent)=true to use your ssh-agent")
        }
        if key.hasPrefix("-----BEGIN") {
            return .privateKey(SSHPrivateKey(key + "\n"))
        }
        let path = key.hasPrefix("~/") ? (value("HOME") ?? "~") + key.dropFirst() : key
        guard let data = FileManager.default.contents(atPath: path) else {
            // Name the file only when the value clearly is a path, never what may be a key.
            let shown = (path.hasPrefix("/") || path.hasPrefix(".")) && !path.contains("\n") ? " (\(path))" : ""
            throw ProxmoxConfigurationError(
                setting: Variable.privateKey, problem: "names a file that cannot be read\(shown)",
                hint: "check the path and its permissions (kiln reads the key file itself), or put the key text in the variable")
        }
        return .privateKey(SSHPrivateKey(bytes: Array(data)))
    }

    /// A bare host: `10.0.0.5`, `pve1.example`, `fd00::5` (brackets dropped); nil when empty or
    /// when it carries anything else.
    static func host(_ text: String) -> String? {
        var host = text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || "/@[]".contains($0) }) else { return nil }
        return host
    }
}
