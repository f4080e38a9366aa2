import Foundation
import KilnCrypto

/// How the client decides whether to trust a server, and which certificate it presents.
public struct TLSConfiguration: Sendable {
    public var trust: ServerTrust
    public var clientIdentity: ClientIdentity?

    public init(trust: ServerTrust = .systemRoots, clientIdentity: ClientIdentity? = nil) {
        self.trust = trust
        self.clientIdentity = clientIdentity
    }
}

/// Server trust. There is deliberately no default that skips verification: the insecure mode
/// must be asked for by name and says why.
public enum ServerTrust: Sendable {
    /// The operating system's trust store.
    case systemRoots
    /// Only the CA certificates in this PEM bundle (held in memory), e.g. a Proxmox cluster CA
    /// or a Talos OS CA. The server name must match the certificate.
    case certificateAuthorities(pem: String)
    /// Exactly the server certificate whose DER has this SHA-256 digest, as Proxmox users pin
    /// their self-signed certificate. Chain and name are not checked: the pin is the identity.
    case pinnedCertificate(sha256: [UInt8])
    /// No verification at all. `reason` is shown wherever kiln reports the connection.
    case insecureSkipVerification(reason: String)

    /// Parses a fingerprint in the forms people copy: `AB:CD:…`, `abcd…`, optionally prefixed
    /// with `sha256/` or `SHA256:`. Returns nil unless it is exactly 32 bytes.
    public static func fingerprint(_ text: String) -> [UInt8]? {
        var body = text.trimmingCharacters(in: .whitespaces)
        for prefix in ["sha256//", "sha256/", "SHA256:", "sha256:"] where body.hasPrefix(prefix) {
            body.removeFirst(prefix.count)
        }
        guard let bytes = Hex.decode(body), bytes.count == 32 else { return nil }
        return bytes
    }
}

/// A client certificate and its private key, both PEM text in memory. The key never touches the
/// disk: libcurl receives it as a memory blob.
public struct ClientIdentity: Sendable {
    public var certificatePEM: String
    public var privateKeyPEM: String

    public init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }
}

extension ClientIdentity: CustomStringConvertible {
    public var description: String { "ClientIdentity(certificate, private key redacted)" }
}
