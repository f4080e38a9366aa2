import COpenSSL

/// The key types kiln creates and reads: what Talos, Kubernetes and OpenSSH use.
public enum KeyAlgorithm: Hashable, Sendable, CustomStringConvertible {
    case ed25519
    /// ECDSA on NIST P-256 (prime256v1, secp256r1).
    case ecdsaP256
    case rsa(bits: Int)

    public var description: String {
        switch self {
        case .ed25519: "Ed25519"
        case .ecdsaP256: "ECDSA P-256"
        case .rsa(let bits): "RSA-\(bits)"
        }
    }

    /// The algorithm of an OpenSSL key, or an `.unsupported` error for anything else
    /// (other curves, DSA, X25519…).
    static func of(_ key: OpaquePointer, _ context: String) throws -> KeyAlgorithm {
        switch EVP_PKEY_get_base_id(key) {
        case NID_ED25519:
            return .ed25519
        case NID_X9_62_id_ecPublicKey:
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else {
                throw CryptoError.openSSL(context, kind: .malformedInput)
            }
            let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard curve == "prime256v1" || curve == "P-256" else {
                throw CryptoError(.unsupported, context, detail: "EC curve \(curve); kiln supports P-256 only")
            }
            return .ecdsaP256
        case NID_rsaEncryption:
            return .rsa(bits: Int(EVP_PKEY_get_bits(key)))
        case let id:
            let name = OBJ_nid2sn(id).map { String(cString: $0) } ?? "NID \(id)"
            throw CryptoError(.unsupported, context, detail: "key type \(name); kiln supports Ed25519, ECDSA P-256 and RSA")
        }
    }
}
