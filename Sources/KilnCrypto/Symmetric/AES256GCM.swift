import COpenSSL

/// AES-256-GCM sealing for secrets at rest (kiln's state file). A sealed box is
/// nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes); the nonce is never chosen by callers,
/// so a key can seal many boxes without nonce reuse (random 96-bit nonces: fine below 2^32 seals).
public enum AES256GCM {
    public static let keyByteCount = 32
    public static let nonceByteCount = 12
    public static let tagByteCount = 16

    /// A fresh random 32-byte key.
    public static func generateKey() throws -> [UInt8] { try SecureRandom.bytes(keyByteCount) }

    /// Encrypts and authenticates `plaintext` and `associatedData` under `key`.
    public static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws -> [UInt8] {
        try seal(plaintext, key: key, nonce: SecureRandom.bytes(nonceByteCount), associatedData: associatedData)
    }

    /// Sealing with a given nonce: for known-answer tests only. Reusing a nonce under one key
    /// breaks GCM completely, which is why this is not public.
    static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        let context = "sealing with AES-256-GCM"
        try checkKey(key, context)
        guard nonce.count == nonceByteCount else {
            throw CryptoError(.invalidArgument, context, detail: "nonce is \(nonce.count) bytes, not \(nonceByteCount)")
        }
        let cipher = try CipherContext(context)
        guard EVP_EncryptInit_ex(cipher.pointer, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              kiln_EVP_CIPHER_CTX_set_gcm_ivlen(cipher.pointer, Int32(nonceByteCount)) == 1,
              EVP_EncryptInit_ex(cipher.pointer, nil, nil, key, nonce) == 1
        else { throw CryptoError.openSSL(context) }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_EncryptUpdate(cipher.pointer, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw CryptoError.openSSL(context)
            }
        }
        // One spare block keeps the buffer non-empty for an empty plaintext.
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var written = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(cipher.pointer, &ciphertext, &length, plaintext, Int32(plaintext.count)) == 1 else {
                throw CryptoError.openSSL(context)
            }
            written = Int(length)
        }
        let finalOK = ciphertext.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(cipher.pointer, buffer.baseAddress.map { $0 + written }, &length)
        }
        guard finalOK == 1 else { throw CryptoError.openSSL(context) }
        written += Int(length)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        guard kiln_EVP_CIPHER_CTX_get_gcm_tag(cipher.pointer, &tag, Int32(tagByteCount)) == 1 else {
            throw CryptoError.openSSL(context)
        }
        return nonce + ciphertext.prefix(written) + tag
    }

    /// Decrypts a box from `seal`. A wrong key, wrong associated data or any changed byte gives
    /// `.authenticationFailed`; nothing of the plaintext is returned then.
    public static func open(_ box: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws -> [UInt8] {
        let context = "opening an AES-256-GCM box"
        try checkKey(key, context)
        guard box.count >= nonceByteCount + tagByteCount else {
            throw CryptoError(.malformedInput, context, detail: "\(box.count) bytes is shorter than nonce and tag")
        }
        let nonce = Array(box.prefix(nonceByteCount))
        let ciphertext = Array(box.dropFirst(nonceByteCount).dropLast(tagByteCount))
        var tag = Array(box.suffix(tagByteCount))
        let cipher = try CipherContext(context)
        guard EVP_DecryptInit_ex(cipher.pointer, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              kiln_EVP_CIPHER_CTX_set_gcm_ivlen(cipher.pointer, Int32(nonceByteCount)) == 1,
              EVP_DecryptInit_ex(cipher.pointer, nil, nil, key, nonce) == 1
        else { throw CryptoError.openSSL(context) }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(cipher.pointer, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw CryptoError.openSSL(context)
            }
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var written = 0
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(cipher.pointer, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1 else {
                throw CryptoError.openSSL(context)
            }
            written = Int(length)
        }
        guard kiln_EVP_CIPHER_CTX_set_gcm_tag(cipher.pointer, &tag, Int32(tagByteCount)) == 1 else {
            throw CryptoError.openSSL(context)
        }
        let finalOK = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(cipher.pointer, buffer.baseAddress.map { $0 + written }, &length)
        }
        guard finalOK == 1 else {
            plaintext.cleanse()
            OpenSSLErrorQueue.clear()
            throw CryptoError(.authenticationFailed, context, detail: "wrong key, or the box or its associated data was changed")
        }
        return Array(plaintext.prefix(written + Int(length)))
    }

    private static func checkKey(_ key: [UInt8], _ context: String) throws {
        guard key.count == keyByteCount else {
            throw CryptoError(.invalidArgument, context, detail: "key is \(key.count) bytes, not \(keyByteCount)")
        }
    }
}

/// Owns an EVP_CIPHER_CTX for the length of one seal or open.
private final class CipherContext {
    let pointer: OpaquePointer

    init(_ context: String) throws {
        guard let pointer = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL(context) }
        self.pointer = pointer
    }

    deinit { EVP_CIPHER_CTX_free(pointer) }
}
