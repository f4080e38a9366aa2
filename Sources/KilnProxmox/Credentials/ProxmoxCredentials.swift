/// How kiln proves who it is to Proxmox VE. Descriptions never contain a secret.
public enum ProxmoxCredentials: Sendable, Equatable, CustomStringConvertible {
    /// `Authorization: PVEAPIToken=…` on every request; no ticket, no CSRF token.
    case apiToken(ProxmoxAPIToken)
    /// A ticket from `POST /access/ticket`, renewed before it expires.
    case password(username: String, password: ProxmoxPassword)

    public var description: String {
        switch self {
        case .apiToken(let token): "API token \(token)"
        case .password(let username, _): "password of \(username)"
        }
    }
}

/// A password that does not print itself.
public struct ProxmoxPassword: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: ["value": "<redacted>"]) }
}
