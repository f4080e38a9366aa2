import Foundation
import KilnCrypto

/// What Talos's generator puts into each certificate (notes/talos.md; Talos
/// `generate/secrets/ca.go` with siderolabs/crypto's `NewSelfSignedCertificateAuthority`).
public enum TalosPKIShapes {
    /// 87600 hours: every CA of the bundle.
    public static let caValidityHours = 87600
    /// 8760 hours: the talosconfig's admin client certificate.
    public static let adminValidityHours = 8760

    public static let etcdSubject = DistinguishedName(organizations: ["etcd"])
    public static let kubernetesSubject = DistinguishedName(organizations: ["kubernetes"])
    /// Talos asks for CN=front-proxy, but its CA helper writes only organizations into the
    /// subject, so the aggregator CA's subject is empty; kiln writes what Talos actually writes.
    public static let aggregatorSubject = DistinguishedName.empty
    public static let osSubject = DistinguishedName(organizations: ["talos"])
    /// The Talos API role apid reads from the client certificate's Organization.
    public static let adminSubject = DistinguishedName(organizations: ["os:admin"])

    /// Contracts after v1.6 give the API server an RSA-4096 (PKCS#1) service-account key; older
    /// bundles (talosctl's own test bundles among them) hold ECDSA P-256. kiln supports v1.10+,
    /// so it generates RSA-4096 and imports either.
    public static let serviceAccountKeyAlgorithm = KeyAlgorithm.rsa(bits: 4096)
}
