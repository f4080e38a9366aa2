import Foundation
import KilnCrypto

/// The talosconfig's client certificate: what `talosctl gen config` issues for the admin.
public enum TalosAdminCertificate {
    /// An Ed25519 certificate under the OS CA with O=os:admin and no CN, digitalSignature, and
    /// ClientAuth as its *only* extended key usage (apid refuses other sets), valid one year from
    /// `now`. The key type follows the OS CA's, as Talos does (Ed25519 for every Talos bundle).
    public static func issue(by osCA: CertificateAuthority, now: Date = Date()) throws -> (certificate: Certificate, key: PrivateKey) {
        let builder = CertificateBuilder(subject: TalosPKIShapes.adminSubject,
                                         validity: .hours(TalosPKIShapes.adminValidityHours, from: now),
                                         keyUsage: [.digitalSignature], extendedKeyUsage: [.clientAuth])
        return try osCA.issueWithNewKey(builder)
    }
}
