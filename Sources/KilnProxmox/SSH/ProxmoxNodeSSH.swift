import Foundation
import KilnSSH

/// SSH sessions to Proxmox nodes, shared by the image and VM providers. The settings are read
/// when the providers are made but their errors wait until a session is really wanted: a plan
/// that never needs SSH (PVE 8.4+, or VMs cloned from a template) never asks for them.
public struct ProxmoxNodeSSH: Sendable {
    private let settings: Result<ProxmoxSSHSettings, ProxmoxConfigurationError>

    public init(_ settings: Result<ProxmoxSSHSettings, ProxmoxConfigurationError>) {
        self.settings = settings
    }

    /// For providers made without an environment (tests): any use says what to set.
    public static let notConfigured = ProxmoxNodeSSH(.failure(ProxmoxConfigurationError(
        setting: ProxmoxSSHSettings.Variable.privateKey, problem: "SSH to the Proxmox nodes is not configured",
        hint: "set \(ProxmoxSSHSettings.Variable.privateKey) or \(ProxmoxSSHSettings.Variable.agent)=true")))

    /// The settings, or the configuration error: call before the first effect of an operation
    /// that will need SSH, so a missing key stops it before anything happened.
    public func checked() throws(ProxmoxConfigurationError) -> ProxmoxSSHSettings { try settings.get() }

    /// Opens a session to `node` (host key checked against known_hosts, then authenticated) and
    /// runs `body` with it; the session is closed afterwards, also when `body` throws.
    public func withSession<T: Sendable>(to node: String, _ body: (SSHClient) async throws -> T) async throws -> T {
        let client = try await SSHClient.connect(try checked().configuration(for: node))
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }
}

/// Quoting for the one shell a remote command goes through (the node user's login shell).
enum ShellQuote {
    /// The text as is when it has only characters no shell treats specially (so logs show the
    /// plain command), else `'…'` with embedded quotes closed and escaped: safe for any path.
    static func quote(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-./:=@%+,".contains($0)) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
