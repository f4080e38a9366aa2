import Foundation
import KilnCrypto
import KilnTestSupport
import Testing

/// A Talos-shaped PKI built by kiln (notes/talos.md, "Secrets bundle") is what Talos and apid
/// accept, checked with the real openssl.
struct TalosBundleTests {
    /// OS CA (Ed25519, O=talos, 10 years) and the talosconfig admin certificate
    /// (Ed25519, O=os:admin, no CN, digitalSignature, ClientAuth only, 1 year).
    static func osPKI() throws -> (ca: CertificateAuthority, admin: Certificate, adminKey: PrivateKey) {
        let ca = try CertificateAuthority.generate(.ed25519, subject: DistinguishedName(organizations: ["talos"]), validity: .hours(87600))
        let admin = CertificateBuilder(subject: DistinguishedName(organizations: ["os:admin"]), validity: .hours(8760),
                                       keyUsage: [.digitalSignature], extendedKeyUsage: [.clientAuth])
        let (cert, key) = try ca.issueWithNewKey(admin)
        return (ca, cert, key)
    }

    @Test func adminCertificateVerifiesWithOpenSSLAsAClient() throws {
        let (ca, admin, _) = try Self.osPKI()
        let openssl = try OpenSSLCLI()
        try openssl.write("ca.pem", ca.certificate.pem)
        try openssl.write("admin.pem", admin.pem)
        #expect(try openssl.run("verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "admin.pem").contains("admin.pem: OK"))
        // apid wants ClientAuth only: as a server certificate it must not pass.
        let asServer = try openssl.attempt("verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "admin.pem")
        #expect(asServer.status != 0)
        try admin.verify(trusting: [ca.certificate], purpose: .clientAuth)
    }

    @Test func adminCertificateHasTheTalosShape() throws {
        let (ca, admin, adminKey) = try Self.osPKI()
        #expect(admin.subject == DistinguishedName(organizations: ["os:admin"]))
        #expect(admin.subject.commonName == nil)
        #expect(admin.issuer == DistinguishedName(organizations: ["talos"]))
        #expect(admin.publicKeyAlgorithm == .ed25519)
        #expect(admin.signatureAlgorithmName == "ED25519")
        #expect(admin.keyUsage == [.digitalSignature])
        #expect(admin.extendedKeyUsage == [.clientAuth])
        #expect(admin.notAfter.timeIntervalSince(admin.notBefore) == 8760 * 3600)
        #expect(!admin.isCA)
        #expect(admin.matches(adminKey))
        #expect(try adminKey.pem(PrivateKeyFormat.talos(for: adminKey.algorithm)).hasPrefix("-----BEGIN ED25519 PRIVATE KEY-----\n"))
        #expect(ca.certificate.extendedKeyUsage == [.serverAuth, .clientAuth])
        #expect(ca.certificate.keyUsage == [.keyCertSign, .digitalSignature])

        let openssl = try OpenSSLCLI()
        try openssl.write("admin.pem", admin.pem)
        let text = try openssl.run("x509", "-in", "admin.pem", "-text", "-noout")
        #expect(text.contains("Subject: O = os:admin\n"))
        #expect(text.contains("Issuer: O = talos\n"))
        #expect(text.contains("X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n"))
        #expect(text.contains("Public Key Algorithm: ED25519"))
    }

    @Test func kilnBundleHasTheSameShapeAsTalosGolden() throws {
        // The other CAs, as `talosctl gen secrets` makes them.
        let etcd = try CertificateAuthority.generate(.ecdsaP256, subject: DistinguishedName(organizations: ["etcd"]), validity: .hours(87600))
        let k8s = try CertificateAuthority.generate(.ecdsaP256, subject: DistinguishedName(organizations: ["kubernetes"]), validity: .hours(87600))
        let aggregator = try CertificateAuthority.generate(.ecdsaP256, subject: .empty, validity: .hours(87600))
        let openssl = try OpenSSLCLI()
        for (name, ca) in [("etcd", etcd), ("k8s", k8s), ("aggregator", aggregator)] {
            #expect(try ca.key.pem(.talos(for: ca.key.algorithm)).hasPrefix("-----BEGIN EC PRIVATE KEY-----\n"))
            #expect(ca.certificate.signatureAlgorithmName == "ecdsa-with-SHA256")
            try openssl.write("\(name).pem", ca.certificate.pem)
            #expect(try openssl.run("verify", "-CAfile", "\(name).pem", "\(name).pem").contains("OK"), "\(name)")
        }
        #expect(aggregator.certificate.subject.isEmpty)
        // An empty subject is `subject=` in openssl's one-line form.
        #expect(try openssl.run("x509", "-in", "aggregator.pem", "-noout", "-subject").trimmingCharacters(in: .newlines) == "subject=")
    }
}
