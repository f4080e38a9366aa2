import KilnCrypto

extension TalosSecretsBundle {
    /// The bundle as talosctl writes `secrets.yaml`: its key order, four-space indents, certificates
    /// and keys as base64 of PEM text with the labels Talos uses per key type
    /// (`PrivateKeyFormat.talos(for:)`). A bundle read from a talosctl file encodes to the same bytes.
    public func encoded() throws -> String {
        var out = YAMLBlockWriter()
        out.raw(leadingComment)
        out.open("cluster", depth: 0)
        out.field("id", cluster.id, depth: 1)
        out.field("secret", cluster.secret, depth: 1)
        out.open("secrets", depth: 0)
        out.field("bootstraptoken", bootstrapToken, depth: 1)
        // Go's struct order: aescbcencryptionsecret before secretboxencryptionsecret.
        switch encryptionSecret {
        case .aescbc(let value): out.field("aescbcencryptionsecret", value, depth: 1)
        case .secretbox(let value): out.field("secretboxencryptionsecret", value, depth: 1)
        }
        out.open("trustdinfo", depth: 0)
        out.field("token", trustdToken, depth: 1)
        out.open("certs", depth: 0)
        for (name, authority) in [("etcd", certs.etcd), ("k8s", certs.k8s), ("k8saggregator", certs.k8sAggregator)] {
            try out.authority(name, authority, depth: 1)
        }
        out.open("k8sserviceaccount", depth: 1)
        out.field("key", try Self.pemBase64(certs.k8sServiceAccount), depth: 2)
        try out.authority("os", certs.os, depth: 1)
        return out.text
    }

    static func pemBase64(_ key: PrivateKey) throws -> String {
        Base64.encode(Array(try key.pem(.talos(for: key.algorithm)).utf8))
    }

    static func pemBase64(_ certificate: Certificate) -> String {
        Base64.encode(Array(certificate.pem.utf8))
    }
}

extension YAMLBlockWriter {
    mutating func authority(_ name: String, _ authority: CertificateAuthority, depth: Int) throws {
        open(name, depth: depth)
        field("crt", TalosSecretsBundle.pemBase64(authority.certificate), depth: depth + 1)
        field("key", try TalosSecretsBundle.pemBase64(authority.key), depth: depth + 1)
    }
}
