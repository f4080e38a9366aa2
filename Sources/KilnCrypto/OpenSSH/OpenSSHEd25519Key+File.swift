/// Reading and writing the `-----BEGIN OPENSSH PRIVATE KEY-----` file, unencrypted.
extension OpenSSHEd25519Key {
    /// The private key file as `ssh-keygen -N ''` writes it: cipher and KDF "none", two equal
    /// random check integers, padding 1, 2, 3… to the 8-byte block, base64 in 70-column lines.
    public func openSSHPEM() throws -> String {
        let publicKey = privateKey.publicKey.ed25519Raw ?? []
        var seed = try privateKey.ed25519Seed()
        defer { seed.cleanse() }
        let checkBytes = try SecureRandom.bytes(4)
        let check = checkBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }

        var secret = SSHWireWriter()
        secret.uint32(check)
        secret.uint32(check)
        secret.string(Self.keyType)
        secret.string(publicKey)
        secret.string(seed + publicKey) // OpenSSH stores the 64-byte "secret key": seed ‖ public key
        secret.string(comment)
        var pad: UInt8 = 1
        while secret.bytes.count % 8 != 0 {
            secret.raw([pad])
            pad += 1
        }

        var file = SSHWireWriter()
        file.raw(Self.magic)
        file.string("none") // cipher
        file.string("none") // kdf
        file.string([UInt8]()) // kdf options
        file.uint32(1) // number of keys
        file.string(publicBlob)
        file.string(secret.bytes)

        let body = Array(Base64.encode(file.bytes))
        var text = "-----BEGIN \(Self.pemLabel)-----\n"
        var index = 0
        while index < body.count {
            let end = min(index + 70, body.count)
            text += String(body[index..<end]) + "\n"
            index = end
        }
        return text + "-----END \(Self.pemLabel)-----\n"
    }

    /// Reads an unencrypted OpenSSH Ed25519 private key file. Encrypted keys (a passphrase was set)
    /// and other key types are refused with `.unsupported`.
    public init(pem: String) throws {
        let context = "reading an OpenSSH private key"
        let block = try PEM.decodeOne(pem, expecting: "OpenSSH private key")
        guard block.label == Self.pemLabel else {
            throw CryptoError(.malformedInput, context, detail: "label \(block.label), expected \(Self.pemLabel)")
        }
        var reader = SSHWireReader(block.der, context: context)
        guard try reader.raw(Self.magic.count, "magic") == Self.magic else {
            throw CryptoError(.malformedInput, context, detail: "not openssh-key-v1")
        }
        let cipher = try reader.text("cipher name")
        let kdf = try reader.text("kdf name")
        _ = try reader.string("kdf options")
        guard cipher == "none", kdf == "none" else {
            throw CryptoError(.unsupported, context,
                              detail: "the key is encrypted (cipher \(cipher), kdf \(kdf)); remove the passphrase with ssh-keygen -p")
        }
        guard try reader.uint32("key count") == 1 else {
            throw CryptoError(.unsupported, context, detail: "files with several keys are not supported")
        }
        let outerBlob = try reader.string("public key")
        var secret = SSHWireReader(try reader.string("private section"), context: context)
        guard reader.isAtEnd else { throw CryptoError(.malformedInput, context, detail: "trailing data") }

        guard try secret.uint32("check") == (try secret.uint32("check")) else {
            throw CryptoError(.malformedInput, context, detail: "check integers differ (corrupt file or wrong passphrase)")
        }
        let type = try secret.text("key type")
        guard type == Self.keyType else {
            throw CryptoError(.unsupported, context, detail: "key type \(type); only ssh-ed25519 is supported")
        }
        let publicKey = try secret.string("public key")
        var secretKey = try secret.string("secret key")
        defer { secretKey.cleanse() }
        let comment = try secret.text("comment")
        let padding = secret.remaining
        guard padding.count < 8, padding.enumerated().allSatisfy({ Int($1) == $0 + 1 }) else {
            throw CryptoError(.malformedInput, context, detail: "bad padding")
        }
        guard publicKey.count == 32, secretKey.count == 64, Array(secretKey[32...]) == publicKey else {
            throw CryptoError(.malformedInput, context, detail: "inconsistent Ed25519 key lengths or halves")
        }
        var seed = Array(secretKey[..<32])
        defer { seed.cleanse() }
        let key = try PrivateKey.ed25519(seed: seed)
        guard key.publicKey.ed25519Raw == publicKey else {
            throw CryptoError(.malformedInput, context, detail: "public key does not match the private key")
        }
        try self.init(privateKey: key, comment: comment)
        guard outerBlob == publicBlob else {
            throw CryptoError(.malformedInput, context, detail: "outer public key does not match the private key")
        }
    }
}
