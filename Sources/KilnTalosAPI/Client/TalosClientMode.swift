import Foundation
import KilnHTTP

/// How a client trusts a Talos node, and who it is to the node.
public enum TalosClientMode: Sendable {
    /// A node without a config yet: it serves a self-signed certificate and checks no client
    /// certificate. Verification is skipped only because the caller named this mode; with
    /// `pinnedSHA256` the node's certificate must be exactly that one (talosctl's `--insecure`
    /// with a fingerprint).
    case maintenance(pinnedSHA256: [UInt8]? = nil)
    /// A configured node: mutual TLS with the talosconfig's client certificate and key, the
    /// node's certificate verified against the OS CA (and its address against the SANs).
    case configured(osCAPEM: String, clientCertificatePEM: String, clientKeyPEM: String)

    public static var maintenance: TalosClientMode { .maintenance(pinnedSHA256: nil) }

    var tls: TLSConfiguration {
        switch self {
        case .maintenance(let pin?):
            TLSConfiguration(trust: .pinnedCertificate(sha256: pin))
        case .maintenance(nil):
            TLSConfiguration(trust: .insecureSkipVerification(
                reason: "Talos maintenance mode: the node's certificate is self-signed until it has a config"))
        case .configured(let ca, let certificate, let key):
            TLSConfiguration(trust: .certificateAuthorities(pem: ca),
                             clientIdentity: ClientIdentity(certificatePEM: certificate, privateKeyPEM: key))
        }
    }

    var name: String {
        switch self {
        case .maintenance: "maintenance"
        case .configured: "configured"
        }
    }
}
