import KilnCrypto

/// Talos stores certificates and keys as base64 of PEM text. These read such a field, saying
/// which layer is broken (base64, PEM, DER) without ever quoting the content.
enum PEMField {
    static func text(_ reader: YAMLFieldReader, _ key: String) throws -> String {
        let value = try reader.string(key)
        guard let bytes = try? Base64.decode(value, alphabet: .standard) else {
            throw TalosSecretsError(source: reader.source, field: reader.field(key), problem: "is not standard base64 (Talos stores PEM text base64-encoded)")
        }
        guard let pem = String(validating: bytes, as: UTF8.self) else {
            throw TalosSecretsError(source: reader.source, field: reader.field(key), problem: "does not decode to PEM text")
        }
        return pem
    }

    static func certificate(_ reader: YAMLFieldReader, _ key: String) throws -> Certificate {
        let pem = try text(reader, key)
        do {
            return try Certificate(pem: pem)
        } catch let error as CryptoError {
            throw TalosSecretsError(source: reader.source, field: reader.field(key), problem: "is not a PEM certificate (\(error.description))")
        }
    }

    static func privateKey(_ reader: YAMLFieldReader, _ key: String) throws -> PrivateKey {
        let pem = try text(reader, key)
        do {
            return try PrivateKey(pem: pem)
        } catch let error as CryptoError {
            // CryptoError never carries key material (docs/crypto.md), only what failed.
            throw TalosSecretsError(source: reader.source, field: reader.field(key), problem: "is not a usable private key (\(error.description))")
        }
    }
}
