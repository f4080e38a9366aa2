import COpenSSL
import Foundation

/// What a certificate should say. Make a self-signed CA with `selfSigned(with:)` or a certificate
/// issued by a CA with `issue(for:issuer:issuerKey:)`. Signatures are SHA-256 for ECDSA and RSA and
/// pure Ed25519 for Ed25519 issuers; serials are 127 random bits (positive, never zero).
public struct CertificateBuilder: Sendable {
    public var subject: DistinguishedName
    public var validity: Validity
    /// basicConstraints CA:TRUE (else CA:FALSE). The extension is always written.
    public var isCA: Bool
    public var basicConstraintsCritical: Bool = true
    /// Written as a critical keyUsage extension unless empty.
    public var keyUsage: KeyUsage
    /// Written (non-critical) unless empty, in this order.
    public var extendedKeyUsage: [ExtendedKeyUsage]
    public var dnsNames: [String]
    /// IPv4 or IPv6 addresses in text form.
    public var ipAddresses: [String]
    /// subjectKeyIdentifier: SHA-1 of the public key bits (RFC 5280 §4.2.1.2 method 1, as Go).
    public var includesSubjectKeyIdentifier = true
    /// authorityKeyIdentifier: the issuer's subject key identifier (the certificate's own when
    /// self-signed). Talos's CAs carry none, which `certificateAuthority(subject:validity:)` follows.
    public var includesAuthorityKeyIdentifier = true
    /// Nil draws a random serial.
    public var serialNumber: [UInt8]? = nil

    public init(subject: DistinguishedName, validity: Validity, isCA: Bool = false,
                keyUsage: KeyUsage = [.digitalSignature], extendedKeyUsage: [ExtendedKeyUsage] = [],
                dnsNames: [String] = [], ipAddresses: [String] = []) {
        self.subject = subject
        self.validity = validity
        self.isCA = isCA
        self.keyUsage = keyUsage
        self.extendedKeyUsage = extendedKeyUsage
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
    }

    /// A CA as `talosctl gen secrets` makes them: CA:TRUE (critical), keyUsage
    /// certSign+digitalSignature (critical), EKU serverAuth+clientAuth, SKI, no AKI.
    public static func certificateAuthority(subject: DistinguishedName, validity: Validity) -> CertificateBuilder {
        var builder = CertificateBuilder(subject: subject, validity: validity, isCA: true,
                                         keyUsage: [.keyCertSign, .digitalSignature],
                                         extendedKeyUsage: [.serverAuth, .clientAuth])
        builder.includesAuthorityKeyIdentifier = false
        return builder
    }

    /// A self-signed certificate for `key`.
    public func selfSigned(with key: PrivateKey) throws -> Certificate {
        try build(publicKey: key.publicKey, issuerName: subject, issuerKeyIdentifier: nil, signer: key)
    }

    /// A certificate for `publicKey`, issued and signed by `issuer` with `issuerKey`.
    public func issue(for publicKey: PublicKey, issuer: Certificate, issuerKey: PrivateKey) throws -> Certificate {
        guard issuer.matches(issuerKey) else {
            throw CryptoError(.invalidArgument, "issuing \"\(subject)\"", detail: "the issuer key does not belong to the issuer certificate \"\(issuer.subject)\"")
        }
        guard issuer.isCA else {
            throw CryptoError(.invalidArgument, "issuing \"\(subject)\"", detail: "the issuer \"\(issuer.subject)\" is not a CA")
        }
        return try build(publicKey: publicKey, issuerName: issuer.subject,
                         issuerKeyIdentifier: issuer.subjectKeyIdentifier, signer: issuerKey)
    }

    private func build(publicKey: PublicKey, issuerName: DistinguishedName, issuerKeyIdentifier: [UInt8]?,
                       signer: PrivateKey) throws -> Certificate {
        let context = "issuing the certificate \"\(subject)\""
        guard validity.notAfter > validity.notBefore else {
            throw CryptoError(.invalidArgument, context, detail: "notAfter is not after notBefore")
        }
        let ips = try ipAddresses.map { text in
            guard let bytes = IPAddressText.bytes(text) else {
                throw CryptoError(.invalidArgument, context, detail: "\"\(text)\" is not an IP address")
            }
            return bytes
        }
        guard let x509 = X509_new() else { throw CryptoError.openSSL(context) }
        defer { X509_free(x509) }
        let writer = X509Writer(x509, context: context)

        try writer.check(X509_set_version(x509, 2), "version") // 2 means v3
        try writer.setSerialNumber(serialNumber ?? Self.randomSerial())
        try writer.setName(subject, X509_set_subject_name)
        try writer.setName(issuerName, X509_set_issuer_name)
        try writer.check(ASN1_TIME_set(X509_getm_notBefore(x509), time_t(validity.notBefore.timeIntervalSince1970)) != nil ? 1 : 0, "notBefore")
        try writer.check(ASN1_TIME_set(X509_getm_notAfter(x509), time_t(validity.notAfter.timeIntervalSince1970)) != nil ? 1 : 0, "notAfter")
        try writer.check(X509_set_pubkey(x509, publicKey.key.pointer), "public key")

        // Extensions in the order Go's crypto/x509 writes them.
        if !keyUsage.isEmpty { try writer.addKeyUsage(keyUsage) }
        if !extendedKeyUsage.isEmpty { try writer.addExtendedKeyUsage(extendedKeyUsage) }
        try writer.addBasicConstraints(isCA: isCA, critical: basicConstraintsCritical)
        var ownKeyIdentifier: [UInt8]? = nil
        if includesSubjectKeyIdentifier { ownKeyIdentifier = try writer.addSubjectKeyIdentifier() }
        let isSelfSigned = signer.publicKey == publicKey
        if includesAuthorityKeyIdentifier, let keyID = isSelfSigned ? ownKeyIdentifier : issuerKeyIdentifier {
            try writer.addAuthorityKeyIdentifier(keyID)
        }
        if !dnsNames.isEmpty || !ips.isEmpty { try writer.addSubjectAlternativeNames(dns: dnsNames, ips: ips) }

        guard X509_sign(x509, signer.key.pointer, signer.algorithm.signatureDigest) > 0 else {
            throw CryptoError.openSSL("\(context): signing")
        }
        let der = try derEncode(context) { i2d_X509(x509, $0) }
        // Re-parse the DER so the returned value is exactly what a reader of the PEM would get.
        return try Certificate(der: der)
    }

    static func randomSerial() throws -> [UInt8] {
        var serial = try SecureRandom.bytes(16)
        serial[0] &= 0x7f // positive, and no leading 0x00 needed in DER
        if serial.allSatisfy({ $0 == 0 }) { serial[15] = 1 }
        return serial
    }
}
