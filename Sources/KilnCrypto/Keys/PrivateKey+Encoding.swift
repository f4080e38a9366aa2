import COpenSSL

/// Private keys in and out of PEM and DER. Reading trusts the PEM label to pick the parser (and
/// checks the key type matches it); writing takes the format explicitly, because Talos expects a
/// particular label per key type (`PrivateKeyFormat.talos(for:)`).
extension PrivateKey {
    /// Parses a private key PEM: `PRIVATE KEY` (PKCS#8), `RSA PRIVATE KEY` (PKCS#1),
    /// `EC PRIVATE KEY` (SEC1), `ED25519 PRIVATE KEY` (Talos) or `OPENSSH PRIVATE KEY` (Ed25519).
    /// Encrypted keys are refused with `.unsupported`: kiln never prompts for passphrases.
    public init(pem: String) throws {
        let block = try PEM.decodeOne(pem, expecting: "private key")
        let context = "parsing a private key PEM (\(block.label))"
        if block.label == "ENCRYPTED PRIVATE KEY" || block.headers["Proc-Type"]?.contains("ENCRYPTED") == true {
            throw CryptoError(.unsupported, context, detail: "the key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)")
        }
        if block.label == OpenSSHEd25519Key.pemLabel {
            self = try OpenSSHEd25519Key(pem: pem).privateKey
            return
        }
        guard let format = PrivateKeyFormat(pemLabel: block.label) else {
            throw CryptoError(.unsupported, context,
                              detail: "unknown label; expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ED25519 PRIVATE KEY")
        }
        try self.init(der: block.der, format: format)
    }

    /// Parses DER in the given format; the key inside must be of a type the format allows.
    public init(der: [UInt8], format: PrivateKeyFormat) throws {
        let context = "parsing a private key (\(format.pemLabel))"
        let pointer: OpaquePointer
        switch format {
        case .pkcs8, .talosEd25519:
            let info = try derDecode(der, context) { d2i_PKCS8_PRIV_KEY_INFO(nil, $0, $1) }
            defer { PKCS8_PRIV_KEY_INFO_free(info) }
            guard let key = EVP_PKCS82PKEY(info) else { throw CryptoError.openSSL(context, kind: .malformedInput) }
            pointer = key
        case .pkcs1:
            pointer = try derDecode(der, context) { d2i_PrivateKey(NID_rsaEncryption, nil, $0, $1) }
        case .sec1:
            pointer = try derDecode(der, context) { d2i_PrivateKey(NID_X9_62_id_ecPublicKey, nil, $0, $1) }
        }
        try self.init(owning: pointer, context: context)
        guard format.fits(algorithm) else {
            throw CryptoError(.malformedInput, context, detail: "holds an \(algorithm) key, which this label does not allow")
        }
    }

    /// The DER encoding in `format`; `.invalidArgument` when the format does not fit the key type.
    public func der(_ format: PrivateKeyFormat) throws -> [UInt8] {
        let context = "encoding an \(algorithm) private key as \(format.pemLabel)"
        guard format.fits(algorithm) else {
            throw CryptoError(.invalidArgument, context, detail: "format does not fit the key type")
        }
        switch format {
        case .pkcs8, .talosEd25519:
            guard let info = EVP_PKEY2PKCS8(key.pointer) else { throw CryptoError.openSSL(context) }
            defer { PKCS8_PRIV_KEY_INFO_free(info) }
            return try derEncode(context) { i2d_PKCS8_PRIV_KEY_INFO(info, $0) }
        case .pkcs1, .sec1:
            // For RSA and EC keys i2d_PrivateKey writes the type-specific structure (PKCS#1, SEC1
            // with curve and public key), which is what Go's Marshal{PKCS1,EC}PrivateKey write too.
            return try derEncode(context) { i2d_PrivateKey(key.pointer, $0) }
        }
    }

    /// The PEM text in `format`, 64-column base64, trailing newline.
    public func pem(_ format: PrivateKeyFormat) throws -> String {
        PEMBlock(label: format.pemLabel, der: try der(format)).text
    }

    /// Whether both keys hold the same key pair.
    public func hasSamePublicKey(as other: PrivateKey) -> Bool { publicKey == other.publicKey }
}
