import KilnCrypto

/// The secrets as the config documents carry them: v1alpha1 fields hold base64 of PEM text
/// (as `secrets.yaml` does), the v1.14 `Kube*` documents hold the PEM text itself.
extension TalosSecretsBundle {
    func base64Pair(_ authority: CertificateAuthority, withKey: Bool = true) throws -> TalosYAML {
        .map([.init("crt", .string(Self.pemBase64(authority.certificate))),
              .init("key", .string(withKey ? try Self.pemBase64(authority.key) : ""))])
    }

    static func pemText(_ key: PrivateKey) throws -> String { try key.pem(.talos(for: key.algorithm)) }
}
