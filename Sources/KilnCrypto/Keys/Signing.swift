import COpenSSL

/// Signatures as certificates use them: Ed25519 pure, ECDSA and RSA (PKCS#1 v1.5) over SHA-256.
extension KeyAlgorithm {
    /// The digest paired with this key type; nil for Ed25519, which hashes internally.
    var signatureDigest: OpaquePointer? {
        switch self {
        case .ed25519: nil
        case .ecdsaP256, .rsa: EVP_sha256()
        }
    }
}

extension PrivateKey {
    /// Signs `message` (ECDSA signatures are DER-encoded, as in X.509 and TLS).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        let context = "signing with an \(algorithm) key"
        guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openSSL(context) }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, algorithm.signatureDigest, nil, key.pointer) == 1 else {
            throw CryptoError.openSSL(context)
        }
        var length = 0
        guard EVP_DigestSign(ctx, nil, &length, message, message.count) == 1 else { throw CryptoError.openSSL(context) }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &signature, &length, message, message.count) == 1 else { throw CryptoError.openSSL(context) }
        return Array(signature.prefix(length))
    }
}

extension PublicKey {
    /// Whether `signature` is this key's signature over `message`. A malformed signature is
    /// simply not valid, so this does not throw.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(ctx)
            // A rejected signature leaves reasons on the queue; they are not errors here.
            OpenSSLErrorQueue.clear()
        }
        guard EVP_DigestVerifyInit(ctx, nil, algorithm.signatureDigest, nil, key.pointer) == 1 else { return false }
        return EVP_DigestVerify(ctx, signature, signature.count, message, message.count) == 1
    }
}
