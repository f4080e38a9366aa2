import COpenSSL
import Foundation

/// A parsed X.509 certificate. Fields are read once at parse time; equality is by DER.
public struct Certificate: Sendable, Hashable, CustomStringConvertible {
    let x509: X509Object
    public let der: [UInt8]
    public let subject: DistinguishedName
    public let issuer: DistinguishedName
    /// The serial number's big-endian magnitude (serials kiln issues are positive).
    public let serialNumber: [UInt8]
    public let notBefore: Date
    public let notAfter: Date
    public let dnsNames: [String]
    /// IP address SANs in canonical text form (`10.5.0.2`, `fd00::2`).
    public let ipAddresses: [String]
    /// basicConstraints says CA:TRUE.
    public let isCA: Bool
    /// Empty when the certificate has no keyUsage extension.
    public let keyUsage: KeyUsage
    /// In certificate order; usages kiln does not model are left out.
    public let extendedKeyUsage: [ExtendedKeyUsage]
    public let subjectKeyIdentifier: [UInt8]?
    public let authorityKeyIdentifier: [UInt8]?
    public let publicKey: PublicKey
    /// OpenSSL's long name: `ED25519`, `ecdsa-with-SHA256`, `sha256WithRSAEncryption`.
    public let signatureAlgorithmName: String

    /// Parses DER.
    public init(der: [UInt8]) throws {
        let context = "parsing a certificate"
        let pointer = try derDecode(der, context) { d2i_X509(nil, $0, $1) }
        try self.init(owning: pointer, der: der)
    }

    /// Parses a PEM holding exactly one `CERTIFICATE` block.
    public init(pem: String) throws {
        let block = try PEM.decodeOne(pem, expecting: "certificate")
        guard block.label == "CERTIFICATE" else {
            throw CryptoError(.malformedInput, "parsing a certificate PEM", detail: "label \(block.label), expected CERTIFICATE")
        }
        try self.init(der: block.der)
    }

    /// Every `CERTIFICATE` in a bundle, in order; other blocks are skipped.
    public static func all(pem: String) throws -> [Certificate] {
        try PEM.decode(pem).filter { $0.label == "CERTIFICATE" }.map { try Certificate(der: $0.der) }
    }

    init(owning pointer: OpaquePointer, der: [UInt8]) throws {
        x509 = X509Object(owning: pointer)
        self.der = der
        let context = "reading a certificate"
        let reader = X509Reader(pointer, context: context)
        subject = try DistinguishedName(x509Name: try reader.required(X509_get_subject_name(pointer), "subject"))
        issuer = try DistinguishedName(x509Name: try reader.required(X509_get_issuer_name(pointer), "issuer"))
        serialNumber = try reader.serialNumber()
        notBefore = try reader.date(X509_get0_notBefore(pointer), "notBefore")
        notAfter = try reader.date(X509_get0_notAfter(pointer), "notAfter")
        (dnsNames, ipAddresses) = try reader.subjectAlternativeNames()
        isCA = reader.basicConstraintsCA()
        keyUsage = reader.keyUsage()
        extendedKeyUsage = reader.extendedKeyUsage()
        subjectKeyIdentifier = X509_get0_subject_key_id(pointer).map(bytes(of:))
        authorityKeyIdentifier = X509_get0_authority_key_id(pointer).map(bytes(of:))
        guard let key = X509_get_pubkey(pointer) else { throw CryptoError.openSSL("\(context): public key", kind: .malformedInput) }
        publicKey = try PublicKey(owning: key, context: "\(context): public key")
        let signatureNID = X509_get_signature_nid(pointer)
        signatureAlgorithmName = OBJ_nid2ln(signatureNID).map { String(cString: $0) } ?? "NID \(signatureNID)"
    }

    public var pem: String { PEMBlock(label: "CERTIFICATE", der: der).text }
    public var publicKeyAlgorithm: KeyAlgorithm { publicKey.algorithm }
    public var serialNumberHex: String { Hex.encode(serialNumber) }
    public var isSelfIssued: Bool { subject == issuer }

    /// The digest of the DER, as certificate pinning and `openssl x509 -fingerprint` use it.
    public func fingerprint(_ digest: Digest = .sha256) -> [UInt8] { digest.hash(der) }

    /// `AB:CD:…`, the form `openssl x509 -fingerprint -sha256` and Proxmox show.
    public var sha256Fingerprint: String { Hex.encode(fingerprint(.sha256), uppercase: true, separator: ":") }

    /// Whether `key` is the private key of this certificate's public key.
    public func matches(_ key: PrivateKey) -> Bool { key.publicKey == publicKey }

    public static func == (a: Certificate, b: Certificate) -> Bool { a.der == b.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }

    public var description: String {
        "Certificate(subject: \"\(subject)\", issuer: \"\(issuer)\", \(publicKeyAlgorithm), sha256 \(sha256Fingerprint.prefix(23))…)"
    }
}
