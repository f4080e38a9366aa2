import KilnCrypto

extension TalosSecretsBundle {
    /// Reads a `secrets.yaml` as talosctl (or talhelper) writes it. Every value is checked against
    /// the format Talos generates and every key pair for consistency; the error names the field
    /// and what is wrong, never the value. `source` names the input in errors (usually its path).
    public static func decode(yaml text: String, source: String) throws -> TalosSecretsBundle {
        let root = try YAMLFieldReader(try YAMLDocument.root(text, source: source), path: "", source: source,
                                       allowed: ["cluster", "secrets", "trustdinfo", "certs"])

        let cluster = try root.mapping("cluster", allowed: ["id", "secret"])
        let id = try cluster.string("id")
        try require(TalosSecretFormats.decodeKey(id, alphabet: .url, count: 32) != nil, cluster, "id",
                    "must be 32 bytes in URL-safe base64 with padding")
        let clusterSecret = try cluster.string("secret")
        try require(TalosSecretFormats.decodeKey(clusterSecret, alphabet: .standard, count: 32) != nil, cluster, "secret",
                    "must be 32 bytes in standard base64 with padding")

        let secrets = try root.mapping("secrets", allowed: ["bootstraptoken", "aescbcencryptionsecret", "secretboxencryptionsecret"])
        let bootstrapToken = try secrets.string("bootstraptoken")
        try require(TalosSecretFormats.isToken(bootstrapToken), secrets, "bootstraptoken", "must have the form [0-9a-z]{6}.[0-9a-z]{16}")
        let encryption = try encryptionSecret(secrets)

        let trustd = try root.mapping("trustdinfo", allowed: ["token"])
        let trustdToken = try trustd.string("token")
        try require(TalosSecretFormats.isToken(trustdToken), trustd, "token", "must have the form [0-9a-z]{6}.[0-9a-z]{16}")

        let certs = try root.mapping("certs", allowed: ["etcd", "k8s", "k8saggregator", "k8sserviceaccount", "os"])
        let serviceAccount = try certs.mapping("k8sserviceaccount", allowed: ["key"])
        return TalosSecretsBundle(
            cluster: ClusterIdentity(id: id, secret: clusterSecret),
            bootstrapToken: bootstrapToken,
            encryptionSecret: encryption,
            trustdToken: trustdToken,
            certs: Certificates(
                etcd: try authority(certs, "etcd"),
                k8s: try authority(certs, "k8s"),
                k8sAggregator: try authority(certs, "k8saggregator"),
                k8sServiceAccount: try PEMField.privateKey(serviceAccount, "key"),
                os: try authority(certs, "os")),
            leadingComment: leadingComment(of: text))
    }

    /// Exactly one of the two: Talos refuses bundles with both or neither.
    private static func encryptionSecret(_ secrets: YAMLFieldReader) throws -> EncryptionSecret {
        let secretbox = try secrets.optionalString("secretboxencryptionsecret")
        let aescbc = try secrets.optionalString("aescbcencryptionsecret")
        switch (secretbox, aescbc) {
        case (let value?, nil):
            try require(TalosSecretFormats.decodeKey(value, alphabet: .standard, count: 32) != nil, secrets,
                        "secretboxencryptionsecret", "must be 32 bytes in standard base64 with padding")
            return .secretbox(value)
        case (nil, let value?):
            // AES-CBC takes 16, 24 or 32-byte keys; Talos generated 32.
            let valid = [16, 24, 32].contains { TalosSecretFormats.decodeKey(value, alphabet: .standard, count: $0) != nil }
            try require(valid, secrets, "aescbcencryptionsecret", "must be a 16, 24 or 32-byte key in standard base64 with padding")
            return .aescbc(value)
        case (nil, nil):
            throw TalosSecretsError(source: secrets.source, field: secrets.field("secretboxencryptionsecret"),
                                    problem: "is missing (and so is aescbcencryptionsecret; one of them is required)")
        case (_?, _?):
            throw TalosSecretsError(source: secrets.source, field: secrets.field("aescbcencryptionsecret"),
                                    problem: "is set together with secretboxencryptionsecret; Talos allows only one")
        }
    }

    private static func authority(_ certs: YAMLFieldReader, _ name: String) throws -> CertificateAuthority {
        let pair = try certs.mapping(name, allowed: ["crt", "key"])
        let certificate = try PEMField.certificate(pair, "crt")
        let key = try PEMField.privateKey(pair, "key")
        guard certificate.matches(key) else {
            throw TalosSecretsError(source: pair.source, field: pair.field("key"), problem: "does not belong to \(pair.field("crt"))")
        }
        guard certificate.isCA else {
            throw TalosSecretsError(source: pair.source, field: pair.field("crt"), problem: "is not a CA certificate (basicConstraints CA:TRUE missing)")
        }
        do {
            return try CertificateAuthority(certificate: certificate, key: key)
        } catch {
            throw TalosSecretsError(source: pair.source, field: pair.field("crt"), problem: "cannot be used as a CA")
        }
    }

    private static func require(_ condition: Bool, _ reader: YAMLFieldReader, _ key: String, _ problem: String) throws {
        if !condition { throw TalosSecretsError(source: reader.source, field: reader.field(key), problem: problem) }
    }

    /// The `#` lines (and blank lines between them) before the first key.
    static func leadingComment(of text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("#") || (trimmed.isEmpty && !out.isEmpty) else { break }
            out += line + "\n"
        }
        // Blank lines after the comment are layout, not part of it.
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }
}
