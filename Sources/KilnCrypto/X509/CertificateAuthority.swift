/// A CA certificate with its private key: what issues node, client and server certificates.
public struct CertificateAuthority: Sendable, CustomStringConvertible {
    public let certificate: Certificate
    public let key: PrivateKey

    /// Pairs a CA certificate with its key, checking that they belong together.
    public init(certificate: Certificate, key: PrivateKey) throws {
        guard certificate.matches(key) else {
            throw CryptoError(.invalidArgument, "loading the CA \"\(certificate.subject)\"", detail: "the key does not belong to the certificate")
        }
        guard certificate.isCA else {
            throw CryptoError(.invalidArgument, "loading the CA \"\(certificate.subject)\"", detail: "the certificate is not a CA (basicConstraints CA:FALSE or absent)")
        }
        self.certificate = certificate
        self.key = key
    }

    /// Reads a CA from PEM: Talos bundles store a `crt` and a `key` per CA.
    public init(certificatePEM: String, keyPEM: String) throws {
        try self.init(certificate: Certificate(pem: certificatePEM), key: PrivateKey(pem: keyPEM))
    }

    /// A new self-signed CA with a fresh key, shaped as Talos makes them
    /// (`CertificateBuilder.certificateAuthority(subject:validity:)`).
    public static func generate(_ algorithm: KeyAlgorithm, subject: DistinguishedName, validity: Validity) throws -> CertificateAuthority {
        let key = try PrivateKey.generate(algorithm)
        let certificate = try CertificateBuilder.certificateAuthority(subject: subject, validity: validity).selfSigned(with: key)
        return try CertificateAuthority(certificate: certificate, key: key)
    }

    /// Issues `builder`'s certificate for `publicKey`.
    public func issue(_ builder: CertificateBuilder, for publicKey: PublicKey) throws -> Certificate {
        try builder.issue(for: publicKey, issuer: certificate, issuerKey: key)
    }

    /// Issues `builder`'s certificate for a fresh key of `algorithm` (by default the CA's own
    /// key type, as Talos does) and returns both.
    public func issueWithNewKey(_ builder: CertificateBuilder, algorithm: KeyAlgorithm? = nil) throws -> (certificate: Certificate, key: PrivateKey) {
        let key = try PrivateKey.generate(algorithm ?? self.key.algorithm)
        return (try issue(builder, for: key.publicKey), key)
    }

    public var description: String { "CertificateAuthority(\(certificate.subject), \(key))" }
}
