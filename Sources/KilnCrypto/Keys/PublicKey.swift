import COpenSSL

/// A public key: SubjectPublicKeyInfo (`PUBLIC KEY`) in and out, raw Ed25519 bytes, signature checks.
/// Two keys are equal when their SubjectPublicKeyInfo encodings are.
public struct PublicKey: Sendable, Equatable, Hashable, CustomStringConvertible {
    let key: EVPKey
    public let algorithm: KeyAlgorithm
    /// SubjectPublicKeyInfo DER, computed once: it is the identity of the key.
    public let der: [UInt8]

    init(sharing key: EVPKey, algorithm: KeyAlgorithm) {
        self.key = key
        self.algorithm = algorithm
        // i2d_PUBKEY only fails on allocation failure for a key OpenSSL already holds.
        self.der = (try? derEncode("encoding a public key") { i2d_PUBKEY(key.pointer, $0) }) ?? []
    }

    init(owning pointer: OpaquePointer, context: String) throws {
        let algorithm = try KeyAlgorithm.of(pointer, context)
        self.init(sharing: EVPKey(owning: pointer), algorithm: algorithm)
        guard !der.isEmpty else { throw CryptoError.openSSL(context) }
    }

    /// Parses SubjectPublicKeyInfo DER.
    public init(der: [UInt8]) throws {
        let context = "parsing a public key (SubjectPublicKeyInfo DER)"
        let pointer = try derDecode(der, context) { d2i_PUBKEY(nil, $0, $1) }
        try self.init(owning: pointer, context: context)
    }

    /// Parses a `PUBLIC KEY` PEM block.
    public init(pem: String) throws {
        let block = try PEM.decodeOne(pem, expecting: "public key")
        guard block.label == "PUBLIC KEY" else {
            throw CryptoError(.unsupported, "parsing a public key PEM", detail: "label \(block.label), expected PUBLIC KEY")
        }
        try self.init(der: block.der)
    }

    /// An Ed25519 public key from its 32 raw bytes (as in OpenSSH and Talos configs).
    public init(ed25519Raw bytes: [UInt8]) throws {
        let context = "loading a raw Ed25519 public key"
        guard bytes.count == 32 else { throw CryptoError(.malformedInput, context, detail: "\(bytes.count) bytes, not 32") }
        guard let pointer = EVP_PKEY_new_raw_public_key(NID_ED25519, nil, bytes, bytes.count) else {
            throw CryptoError.openSSL(context, kind: .malformedInput)
        }
        try self.init(owning: pointer, context: context)
    }

    public var pem: String { PEMBlock(label: "PUBLIC KEY", der: der).text }

    /// The 32 raw bytes of an Ed25519 key; nil for other types.
    public var ed25519Raw: [UInt8]? {
        guard algorithm == .ed25519 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        var length = bytes.count
        guard EVP_PKEY_get_raw_public_key(key.pointer, &bytes, &length) == 1, length == 32 else { return nil }
        return bytes
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.der == b.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }

    public var description: String {
        "PublicKey(\(algorithm), sha256 \(Hex.encode(Digest.sha256.hash(der).prefix(8)))…)"
    }
}
