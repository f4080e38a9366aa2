import Foundation
import KilnCrypto
import Testing

/// What kiln puts into certificates reads back the same through kiln's parser.
struct CertificateBuilderTests {
    static let algorithms: [KeyAlgorithm] = [.ed25519, .ecdsaP256, .rsa(bits: 2048)]

    @Test(arguments: algorithms)
    func selfSignedCAHasTalosShape(algorithm: KeyAlgorithm) throws {
        let validity = Validity.hours(87600)
        let ca = try CertificateAuthority.generate(algorithm, subject: DistinguishedName(organizations: ["etcd"]), validity: validity)
        let cert = ca.certificate
        #expect(cert.subject == DistinguishedName(organizations: ["etcd"]))
        #expect(cert.issuer == cert.subject)
        #expect(cert.isCA)
        #expect(cert.keyUsage == [.keyCertSign, .digitalSignature])
        #expect(cert.extendedKeyUsage == [.serverAuth, .clientAuth])
        #expect(cert.notBefore == validity.notBefore)
        #expect(cert.notAfter == validity.notAfter)
        #expect(cert.subjectKeyIdentifier?.count == 20)
        #expect(cert.authorityKeyIdentifier == nil)
        #expect(cert.publicKeyAlgorithm == algorithm)
        #expect(cert.matches(ca.key))
        #expect(cert.dnsNames.isEmpty && cert.ipAddresses.isEmpty)
    }

    @Test(arguments: zip(algorithms, ["ED25519", "ecdsa-with-SHA256", "sha256WithRSAEncryption"]))
    func signatureAlgorithmFollowsTheIssuerKey(algorithm: KeyAlgorithm, name: String) throws {
        #expect(try TestPKI.ca(algorithm).certificate.signatureAlgorithmName == name)
    }

    @Test func caCanCarryAnEmptySubject() throws {
        let ca = try CertificateAuthority.generate(.ecdsaP256, subject: .empty, validity: .hours(87600))
        #expect(ca.certificate.subject.isEmpty)
        #expect(ca.certificate.issuer.isEmpty)
        #expect(ca.certificate.subject.description == "")
    }

    @Test func selfSignedCAMayCarryItsOwnKeyIDAsAuthorityKeyID() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        var builder = CertificateBuilder.certificateAuthority(subject: DistinguishedName(commonName: "root"), validity: .hours(1))
        builder.includesAuthorityKeyIdentifier = true
        let cert = try builder.selfSigned(with: key)
        #expect(cert.authorityKeyIdentifier != nil)
        #expect(cert.authorityKeyIdentifier == cert.subjectKeyIdentifier)
    }

    @Test(arguments: algorithms)
    func leafCarriesSANsUsagesAndTheCAsKeyID(algorithm: KeyAlgorithm) throws {
        let ca = try TestPKI.ca(algorithm)
        let (leaf, key) = try ca.issueWithNewKey(TestPKI.serverBuilder())
        #expect(leaf.subject == DistinguishedName(organizations: ["kiln"], commonName: "node-1"))
        #expect(leaf.subject.commonName == "node-1")
        #expect(leaf.issuer == ca.certificate.subject)
        #expect(leaf.dnsNames == ["node-1.example.com", "localhost"])
        #expect(leaf.ipAddresses == ["10.5.0.2", "fd00::2"])
        #expect(!leaf.isCA)
        #expect(leaf.keyUsage == [.digitalSignature])
        #expect(leaf.extendedKeyUsage == [.serverAuth])
        #expect(leaf.authorityKeyIdentifier == ca.certificate.subjectKeyIdentifier)
        #expect(leaf.subjectKeyIdentifier != ca.certificate.subjectKeyIdentifier)
        #expect(leaf.publicKeyAlgorithm == algorithm)
        #expect(leaf.matches(key))
        #expect(!leaf.matches(ca.key))
    }

    @Test func serialsAreRandomPositiveAndAtMost16Bytes() throws {
        let ca = try TestPKI.ca(.ed25519)
        let serials = try (0..<8).map { _ in try ca.issue(TestPKI.serverBuilder(), for: PrivateKey.generate(.ed25519).publicKey).serialNumber }
        #expect(Set(serials).count == serials.count)
        for serial in serials {
            #expect(!serial.isEmpty && serial.count <= 16)
            #expect(serial.contains { $0 != 0 })
        }
    }

    @Test func explicitSerialIsUsed() throws {
        var builder = TestPKI.serverBuilder()
        builder.serialNumber = [0x01, 0x02, 0x03]
        let cert = try TestPKI.ca().issue(builder, for: PrivateKey.generate(.ecdsaP256).publicKey)
        #expect(cert.serialNumber == [1, 2, 3])
        #expect(cert.serialNumberHex == "010203")
    }

    @Test func ipv6SANsAreCanonicalised() throws {
        var builder = TestPKI.serverBuilder()
        builder.ipAddresses = ["FD00:0:0::0001", "127.0.0.1"]
        let cert = try TestPKI.ca().issue(builder, for: PrivateKey.generate(.ecdsaP256).publicKey)
        #expect(cert.ipAddresses == ["fd00::1", "127.0.0.1"])
    }

    @Test func anIPAddressThatDoesNotParseIsRefused() throws {
        var builder = TestPKI.serverBuilder()
        builder.ipAddresses = ["10.0.0.300"]
        let error = #expect(throws: CryptoError.self) { try TestPKI.ca().issue(builder, for: PrivateKey.generate(.ecdsaP256).publicKey) }
        #expect(error?.kind == .invalidArgument)
    }

    @Test func validityMustEndAfterItStarts() throws {
        let builder = CertificateBuilder(subject: DistinguishedName(commonName: "x"),
                                         validity: Validity(notBefore: Date(), notAfter: Date().addingTimeInterval(-1)))
        let error = #expect(throws: CryptoError.self) { try builder.selfSigned(with: PrivateKey.generate(.ed25519)) }
        #expect(error?.kind == .invalidArgument)
    }

    @Test func issuingWithAKeyThatIsNotTheIssuersIsRefused() throws {
        let ca = try TestPKI.ca()
        let error = #expect(throws: CryptoError.self) {
            try TestPKI.serverBuilder().issue(for: PrivateKey.generate(.ecdsaP256).publicKey,
                                              issuer: ca.certificate, issuerKey: PrivateKey.generate(.ecdsaP256))
        }
        #expect(error?.kind == .invalidArgument)
    }

    @Test func aLeafCannotActAsCA() throws {
        let (leaf, key) = try TestPKI.ca().issueWithNewKey(TestPKI.serverBuilder())
        #expect(throws: CryptoError.self) { try CertificateAuthority(certificate: leaf, key: key) }
    }

    @Test func certificateRoundTripsThroughPEMAndDER() throws {
        let cert = try TestPKI.ca().certificate
        #expect(try Certificate(pem: cert.pem) == cert)
        #expect(try Certificate(der: cert.der) == cert)
        #expect(try Certificate.all(pem: cert.pem + cert.pem).count == 2)
        #expect(cert.pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
    }

    @Test func nonASCIINamesSurviveAsUTF8() throws {
        let subject = DistinguishedName([.init(.organization, "Zürich Ops"), .init(.commonName, "kiln ✓")])
        let cert = try CertificateBuilder(subject: subject, validity: .hours(1)).selfSigned(with: PrivateKey.generate(.ed25519))
        #expect(cert.subject == subject)
    }

    @Test func fingerprintIsColonSeparatedUppercaseSHA256OfDER() throws {
        let cert = try TestPKI.ca().certificate
        #expect(cert.fingerprint() == Digest.sha256.hash(cert.der))
        #expect(cert.sha256Fingerprint == Hex.encode(Digest.sha256.hash(cert.der), uppercase: true, separator: ":"))
        #expect(cert.sha256Fingerprint.count == 32 * 3 - 1)
    }

    @Test func garbageIsNotACertificate() {
        let error = #expect(throws: CryptoError.self) { try Certificate(der: [0x30, 0x03, 0x02, 0x01, 0x01]) }
        #expect(error?.kind == .malformedInput)
    }
}
