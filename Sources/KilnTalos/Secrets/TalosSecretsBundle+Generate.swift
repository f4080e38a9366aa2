import Foundation
import KilnCrypto

extension TalosSecretsBundle {
    /// A new bundle shaped as `talosctl gen secrets` makes one for current contracts: ECDSA P-256
    /// CAs for etcd, Kubernetes and the aggregator, an Ed25519 CA for the Talos API, all valid
    /// 10 years from `now`; random ids, tokens and a secretbox key.
    ///
    /// Call it once per cluster, ever: a cluster's secrets are its identity.
    /// `serviceAccountKey` exists for tests and benchmarks that cannot afford RSA-4096 each time.
    public static func generate(now: Date = Date(),
                                serviceAccountKey: KeyAlgorithm = TalosPKIShapes.serviceAccountKeyAlgorithm) throws -> TalosSecretsBundle {
        let validity = Validity.hours(TalosPKIShapes.caValidityHours, from: now)
        let certs = Certificates(
            etcd: try CertificateAuthority.generate(.ecdsaP256, subject: TalosPKIShapes.etcdSubject, validity: validity),
            k8s: try CertificateAuthority.generate(.ecdsaP256, subject: TalosPKIShapes.kubernetesSubject, validity: validity),
            k8sAggregator: try CertificateAuthority.generate(.ecdsaP256, subject: TalosPKIShapes.aggregatorSubject, validity: validity),
            k8sServiceAccount: try PrivateKey.generate(serviceAccountKey),
            os: try CertificateAuthority.generate(.ed25519, subject: TalosPKIShapes.osSubject, validity: validity))
        return TalosSecretsBundle(
            cluster: ClusterIdentity(id: try TalosSecretFormats.generateKey(alphabet: .url),
                                     secret: try TalosSecretFormats.generateKey(alphabet: .standard)),
            bootstrapToken: try TalosSecretFormats.generateToken(),
            encryptionSecret: .secretbox(try TalosSecretFormats.generateKey(alphabet: .standard)),
            trustdToken: try TalosSecretFormats.generateToken(),
            certs: certs)
    }
}
