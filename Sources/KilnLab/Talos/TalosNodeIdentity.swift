import Foundation
import KilnCrypto

/// The configured node's server certificate: Ed25519, issued by the config's OS CA
/// (`machine.ca.crt`/`key`, base64 of PEM), for the node's address, as apid serves it.
struct TalosNodeIdentity {
    var certificate: Certificate
    var key: PrivateKey
    var osCA: Certificate

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// From the config's own CA key (a control plane), or from `trustdKey`, the key a control
    /// plane of the same cluster brought (a worker asks trustd).
    static func issue(for host: String, from config: TalosMachineConfigSummary, trustdKey: String? = nil) throws -> TalosNodeIdentity {
        guard let crt = config.osCACertificate, let key = config.osCAKey ?? trustdKey,
              let crtPEM = Data(base64Encoded: crt).flatMap({ String(data: $0, encoding: .utf8) }),
              let keyPEM = Data(base64Encoded: key).flatMap({ String(data: $0, encoding: .utf8) })
        else {
            throw Missing(description: "the config carries no usable machine.ca crt and key")
        }
        let ca = try CertificateAuthority(certificatePEM: crtPEM, keyPEM: keyPEM)
        let builder = CertificateBuilder(
            subject: DistinguishedName(organizations: [], commonName: host),
            validity: .hours(24), keyUsage: [.digitalSignature], extendedKeyUsage: [.serverAuth],
            ipAddresses: [host])
        let issued = try ca.issueWithNewKey(builder, algorithm: .ed25519)
        return TalosNodeIdentity(certificate: issued.certificate, key: issued.key, osCA: ca.certificate)
    }
}
