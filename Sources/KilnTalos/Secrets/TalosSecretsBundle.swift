import KilnCrypto

/// Everything a Talos cluster's identity is made of: what `talosctl gen secrets` writes to
/// `secrets.yaml`. Machine configs and the talosconfig are derived from it; once a cluster exists
/// it must never be regenerated (the nodes would no longer trust anything kiln issues).
///
/// Strings are kept exactly as read (validated, never normalised) so that an imported bundle is
/// written back byte for byte.
public struct TalosSecretsBundle: Sendable, Equatable {
    /// `cluster.id` (32 bytes, URL-safe base64 with padding) and `cluster.secret` (32 bytes,
    /// standard base64): the discovery service's cluster identity and encryption key.
    public struct ClusterIdentity: Sendable, Equatable {
        public var id: String
        public var secret: String
        public init(id: String, secret: String) {
            self.id = id
            self.secret = secret
        }
    }

    /// How Kubernetes encrypts Secrets in etcd. Contracts after v1.2 use secretbox; older bundles
    /// carry an AES-CBC key instead. Talos refuses a bundle with both, and so does kiln.
    public enum EncryptionSecret: Sendable, Equatable {
        case secretbox(String)
        case aescbc(String)

        public var value: String {
            switch self {
            case .secretbox(let value), .aescbc(let value): value
            }
        }
    }

    /// The bundle's five key pairs. The service-account key has no certificate: the API server
    /// signs service-account tokens with it.
    public struct Certificates: Sendable, Equatable {
        public var etcd: CertificateAuthority
        public var k8s: CertificateAuthority
        public var k8sAggregator: CertificateAuthority
        public var k8sServiceAccount: PrivateKey
        public var os: CertificateAuthority

        public init(etcd: CertificateAuthority, k8s: CertificateAuthority, k8sAggregator: CertificateAuthority,
                    k8sServiceAccount: PrivateKey, os: CertificateAuthority) {
            self.etcd = etcd
            self.k8s = k8s
            self.k8sAggregator = k8sAggregator
            self.k8sServiceAccount = k8sServiceAccount
            self.os = os
        }

        /// Same certificates and same key pairs. A private key is fixed by its public key for every
        /// algorithm kiln reads, so comparing public halves compares the keys without exposing them.
        public static func == (a: Certificates, b: Certificates) -> Bool {
            func same(_ x: CertificateAuthority, _ y: CertificateAuthority) -> Bool {
                x.certificate == y.certificate && x.key.publicKey == y.key.publicKey
            }
            return same(a.etcd, b.etcd) && same(a.k8s, b.k8s) && same(a.k8sAggregator, b.k8sAggregator)
                && same(a.os, b.os) && a.k8sServiceAccount.publicKey == b.k8sServiceAccount.publicKey
        }
    }

    public var cluster: ClusterIdentity
    /// `secrets.bootstraptoken`, `[0-9a-z]{6}.[0-9a-z]{16}` (a Kubernetes bootstrap token).
    public var bootstrapToken: String
    public var encryptionSecret: EncryptionSecret
    /// `trustdinfo.token`: same format as the bootstrap token; workers present it to trustd.
    public var trustdToken: String
    public var certs: Certificates
    /// Comment lines before the first key of an imported file (talosctl's test bundles carry
    /// one), kept so that export gives back the file that was imported. Empty for generated bundles.
    public var leadingComment: String

    public init(cluster: ClusterIdentity, bootstrapToken: String, encryptionSecret: EncryptionSecret,
                trustdToken: String, certs: Certificates, leadingComment: String = "") {
        self.cluster = cluster
        self.bootstrapToken = bootstrapToken
        self.encryptionSecret = encryptionSecret
        self.trustdToken = trustdToken
        self.certs = certs
        self.leadingComment = leadingComment
    }
}

extension TalosSecretsBundle: CustomStringConvertible {
    /// Never shows a secret: only the shape of the bundle.
    public var description: String {
        "TalosSecretsBundle(os CA \(certs.os.certificate.publicKeyAlgorithm), service account \(certs.k8sServiceAccount.algorithm), <redacted>)"
    }
}
