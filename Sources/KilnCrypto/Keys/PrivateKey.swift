import COpenSSL

/// A private key held by OpenSSL. Its `description` never shows key material.
public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let key: EVPKey
    public let algorithm: KeyAlgorithm

    init(owning pointer: OpaquePointer, context: String) throws {
        key = EVPKey(owning: pointer)
        algorithm = try KeyAlgorithm.of(pointer, context)
    }

    /// A fresh key from OpenSSL's DRBG. RSA sizes below 2048 bits are refused.
    public static func generate(_ algorithm: KeyAlgorithm) throws -> PrivateKey {
        let context = "generating an \(algorithm) key"
        let typeName: String
        switch algorithm {
        case .ed25519: typeName = "ED25519"
        case .ecdsaP256: typeName = "EC"
        case .rsa(let bits):
            guard (2048...16384).contains(bits), bits % 8 == 0 else {
                throw CryptoError(.invalidArgument, context, detail: "RSA size must be 2048 to 16384 bits, a multiple of 8")
            }
            typeName = "RSA"
        }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, typeName, nil) else { throw CryptoError.openSSL(context) }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1 else { throw CryptoError.openSSL(context) }
        switch algorithm {
        case .ecdsaP256:
            guard EVP_PKEY_CTX_set_group_name(ctx, "P-256") == 1 else { throw CryptoError.openSSL(context) }
        case .rsa(let bits):
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1 else { throw CryptoError.openSSL(context) }
        case .ed25519:
            break
        }
        var pointer: OpaquePointer? = nil
        guard EVP_PKEY_generate(ctx, &pointer) == 1, let pointer else { throw CryptoError.openSSL(context) }
        return try PrivateKey(owning: pointer, context: context)
    }

    /// An Ed25519 key from its 32-byte seed (RFC 8032's private key), as OpenSSH stores it.
    static func ed25519(seed: [UInt8]) throws -> PrivateKey {
        guard seed.count == 32 else {
            throw CryptoError(.malformedInput, "loading an Ed25519 key", detail: "seed is \(seed.count) bytes, not 32")
        }
        guard let pointer = EVP_PKEY_new_raw_private_key(NID_ED25519, nil, seed, seed.count) else {
            throw CryptoError.openSSL("loading an Ed25519 key", kind: .malformedInput)
        }
        return try PrivateKey(owning: pointer, context: "loading an Ed25519 key")
    }

    /// The 32-byte Ed25519 seed. Internal: only the OpenSSH writer needs raw key bytes.
    func ed25519Seed() throws -> [UInt8] {
        var seed = [UInt8](repeating: 0, count: 32)
        var length = seed.count
        guard algorithm == .ed25519, EVP_PKEY_get_raw_private_key(key.pointer, &seed, &length) == 1, length == 32 else {
            throw CryptoError.openSSL("reading the Ed25519 seed")
        }
        return seed
    }

    /// The matching public key.
    public var publicKey: PublicKey {
        // Shares the EVP_PKEY: PublicKey only ever reads the public half of it.
        PublicKey(sharing: key, algorithm: algorithm)
    }

    public var description: String { "PrivateKey(\(algorithm), <redacted>)" }
    public var debugDescription: String { description }
}
