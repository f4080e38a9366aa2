import Foundation
import KilnHTTP

/// Where Proxmox VE is, who kiln is there, and how its certificate is trusted.
public struct ProxmoxConnectionSettings: Sendable, CustomStringConvertible {
    /// The API root, ending in `/api2/json`.
    public var apiURL: URL
    public var credentials: ProxmoxCredentials
    public var trust: ServerTrust

    /// `endpoint` is the server (`https://pve.example:8006`); `/api2/json` is appended unless present.
    public init(endpoint: URL, credentials: ProxmoxCredentials, trust: ServerTrust = .systemRoots) {
        apiURL = Self.apiRoot(endpoint)
        self.credentials = credentials
        self.trust = trust
    }

    public var description: String { "\(apiURL.absoluteString) as \(credentials)" }

    /// The names users already know from the Terraform provider.
    public enum Variable {
        public static let endpoint = "PROXMOX_VE_ENDPOINT"
        public static let apiToken = "PROXMOX_VE_API_TOKEN"
        public static let username = "PROXMOX_VE_USERNAME"
        public static let password = "PROXMOX_VE_PASSWORD"
        public static let insecure = "PROXMOX_VE_INSECURE"
        /// kiln's own: the certificate's SHA-256 pin, for plans that do not carry one (the lab's
        /// certificate is made anew on each machine).
        public static let fingerprint = "PROXMOX_VE_FINGERPRINT"
    }

    /// What the plan may say about the server: where it is (`PROXMOX_VE_ENDPOINT` overrides
    /// it) and how to trust its certificate.
    public struct PlanSettings: Sendable {
        /// `https://pve.example:8006`.
        public var endpoint: String?
        /// PEM text of the CA that signed the PVE certificate (the plan's CA file, already read).
        public var caPEM: String?
        /// SHA-256 fingerprint of the PVE certificate, in any form `ServerTrust.fingerprint` reads.
        public var fingerprint: String?
        public init(endpoint: String? = nil, caPEM: String? = nil, fingerprint: String? = nil) {
            self.endpoint = endpoint
            self.caPEM = caPEM
            self.fingerprint = fingerprint
        }
    }

    /// Reads `PROXMOX_VE_*` from `environment`. The endpoint: `PROXMOX_VE_ENDPOINT`, else the
    /// plan's. A token wins over username + password. Trust: the plan's fingerprint pin, else
    /// its CA, else `PROXMOX_VE_FINGERPRINT`, else `PROXMOX_VE_INSECURE`, else the system roots.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       plan: PlanSettings = PlanSettings()) throws(ProxmoxConfigurationError) -> Self {
        func value(_ name: String) -> String? {
            guard let v = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return v
        }
        guard let endpointText = value(Variable.endpoint) ?? plan.endpoint else {
            throw ProxmoxConfigurationError(
                setting: Variable.endpoint, problem: "is not set",
                hint: "set \(Variable.endpoint) to your Proxmox VE address, e.g. https://pve.example.com:8006")
        }
        guard let endpoint = URL(string: endpointText), endpoint.scheme?.lowercased() == "https", endpoint.host != nil,
              endpoint.user == nil, endpoint.password == nil
        else {
            throw ProxmoxConfigurationError(
                setting: Variable.endpoint, problem: "is not an https URL",
                hint: "set \(Variable.endpoint) to https://HOST:8006 (the API is only served over https; credentials go in \(Variable.apiToken), not the URL)")
        }

        let credentials: ProxmoxCredentials
        if let tokenText = value(Variable.apiToken) {
            guard let token = ProxmoxAPIToken(tokenText) else {
                throw ProxmoxConfigurationError(
                    setting: Variable.apiToken, problem: "is not of the form USER@REALM!TOKENID=SECRET",
                    hint: "copy the token id and secret from Datacenter → Permissions → API Tokens, e.g. kiln@pve!provision=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (the secret is letters, digits and '-')")
            }
            credentials = .apiToken(token)
        } else if let username = value(Variable.username) {
            guard username.contains("@"), !username.hasPrefix("@"), !username.hasSuffix("@"),
                  !username.contains(where: \.isWhitespace) else {
                throw ProxmoxConfigurationError(
                    setting: Variable.username, problem: "is not of the form USER@REALM",
                    hint: "include the realm, e.g. root@pam or kiln@pve")
            }
            guard let password = environment[Variable.password], !password.isEmpty else {
                throw ProxmoxConfigurationError(
                    setting: Variable.password, problem: "is not set (\(Variable.username) is)",
                    hint: "set \(Variable.password) for \(username), or use an API token in \(Variable.apiToken) instead")
            }
            credentials = .password(username: username, password: ProxmoxPassword(password))
        } else {
            throw ProxmoxConfigurationError(
                setting: Variable.apiToken, problem: "no credentials: neither \(Variable.apiToken) nor \(Variable.username) is set",
                hint: "set \(Variable.apiToken)=USER@REALM!TOKENID=SECRET (recommended), or \(Variable.username) and \(Variable.password)")
        }

        let trust: ServerTrust
        let fingerprintSource = plan.fingerprint != nil ? "the plan's Proxmox certificate fingerprint" : Variable.fingerprint
        if let fingerprintText = plan.fingerprint ?? (plan.caPEM == nil ? value(Variable.fingerprint) : nil) {
            guard let pin = ServerTrust.fingerprint(fingerprintText) else {
                throw ProxmoxConfigurationError(
                    setting: fingerprintSource, problem: "is not a SHA-256 fingerprint",
                    hint: "use the 32-byte SHA-256 fingerprint shown under the node's System → Certificates, e.g. AB:CD:…")
            }
            trust = .pinnedCertificate(sha256: pin)
        } else if let pem = plan.caPEM {
            guard pem.contains("-----BEGIN CERTIFICATE-----") else {
                throw ProxmoxConfigurationError(
                    setting: "the plan's Proxmox CA file", problem: "holds no PEM certificate",
                    hint: "point it at the cluster CA, /etc/pve/pve-root-ca.pem on any PVE node")
            }
            trust = .certificateAuthorities(pem: pem)
        } else if let insecure = value(Variable.insecure) {
            switch insecure.lowercased() {
            case "1", "true", "yes": trust = .insecureSkipVerification(reason: "\(Variable.insecure)=\(insecure)")
            case "0", "false", "no": trust = .systemRoots
            default:
                throw ProxmoxConfigurationError(
                    setting: Variable.insecure, problem: "is neither true nor false",
                    hint: "set it to true or 1 to skip certificate checks (better: pin the certificate's fingerprint in the plan), or unset it")
            }
        } else {
            trust = .systemRoots
        }
        return Self(endpoint: endpoint, credentials: credentials, trust: trust)
    }

    static func apiRoot(_ endpoint: URL) -> URL {
        var text = endpoint.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        if !text.hasSuffix("/api2/json") { text += "/api2/json" }
        return URL(string: text) ?? endpoint
    }
}
