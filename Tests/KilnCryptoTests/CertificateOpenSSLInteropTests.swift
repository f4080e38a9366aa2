import Foundation
import KilnCrypto
import KilnTestSupport
import Testing

/// Certificates kiln issues, checked by the real `openssl x509` and `openssl verify`.
struct CertificateOpenSSLInteropTests {
    @Test(arguments: [KeyAlgorithm.ed25519, .ecdsaP256, .rsa(bits: 2048)])
    func openSSLVerifiesLeafAgainstKilnCA(algorithm: KeyAlgorithm) throws {
        let openssl = try OpenSSLCLI()
        let ca = try TestPKI.ca(algorithm)
        let (leaf, _) = try ca.issueWithNewKey(TestPKI.serverBuilder())
        try openssl.write("ca.pem", ca.certificate.pem)
        try openssl.write("leaf.pem", leaf.pem)
        #expect(try openssl.run("verify", "-CAfile", "ca.pem", "leaf.pem").contains("leaf.pem: OK"))
        #expect(try openssl.run("verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "leaf.pem").contains("OK"))
    }

    @Test func openSSLShowsTheCAFieldsKilnWrote() throws {
        let openssl = try OpenSSLCLI()
        let key = try PrivateKey.generate(.ecdsaP256)
        var builder = CertificateBuilder.certificateAuthority(subject: DistinguishedName(organizations: ["kubernetes"]), validity: .hours(87600))
        builder.includesAuthorityKeyIdentifier = true
        let ca = try builder.selfSigned(with: key)
        try openssl.write("ca.pem", ca.pem)
        let text = try openssl.run("x509", "-in", "ca.pem", "-text", "-noout")
        #expect(text.contains("Subject: O = kubernetes"))
        #expect(text.contains("Issuer: O = kubernetes"))
        #expect(text.contains("X509v3 Basic Constraints: critical\n                CA:TRUE"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature, Certificate Sign"))
        #expect(text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication, TLS Web Client Authentication"))
        let ski = Hex.encode(try #require(ca.subjectKeyIdentifier), uppercase: true, separator: ":")
        #expect(text.contains("X509v3 Subject Key Identifier: \n                \(ski)"))
        #expect(text.contains("X509v3 Authority Key Identifier: \n                \(ski)") || text.contains("keyid:\(ski)"))
        #expect(text.contains("Signature Algorithm: ecdsa-with-SHA256"))
        #expect(text.contains("ASN1 OID: prime256v1"))
        // Ten years, whole seconds, as Go's time.Add(87600h) gives.
        let dates = try openssl.run("x509", "-in", "ca.pem", "-noout", "-startdate", "-enddate")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy 'GMT'"
        let fields = dates.split(separator: "\n").map { $0.split(separator: "=", maxSplits: 1)[1].split(separator: " ").joined(separator: " ") }
        #expect(fields.count == 2)
        #expect(formatter.date(from: fields[0]) == ca.notBefore)
        #expect(formatter.date(from: fields[1]) == ca.notAfter)
    }

    @Test func openSSLShowsTheLeafFieldsKilnWrote() throws {
        let openssl = try OpenSSLCLI()
        let ca = try TestPKI.ca(.ecdsaP256)
        let (leaf, _) = try ca.issueWithNewKey(TestPKI.serverBuilder())
        try openssl.write("leaf.pem", leaf.pem)
        let text = try openssl.run("x509", "-in", "leaf.pem", "-text", "-noout")
        #expect(text.contains("Subject: O = kiln, CN = node-1"))
        #expect(text.contains("Issuer: O = kiln-test"))
        #expect(text.contains("DNS:node-1.example.com, DNS:localhost, IP Address:10.5.0.2, IP Address:FD00:0:0:0:0:0:0:2"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature\n"))
        #expect(text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication\n"))
        #expect(text.contains("CA:FALSE"))
        let aki = Hex.encode(try #require(ca.certificate.subjectKeyIdentifier), uppercase: true, separator: ":")
        #expect(text.contains(aki))
    }

    @Test func fingerprintMatchesOpenSSL() throws {
        let openssl = try OpenSSLCLI()
        let cert = try TestPKI.ca(.ed25519).certificate
        try openssl.write("ca.pem", cert.pem)
        let output = try openssl.run("x509", "-in", "ca.pem", "-noout", "-fingerprint", "-sha256")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "sha256 Fingerprint=\(cert.sha256Fingerprint)")
    }

    @Test func serialMatchesOpenSSL() throws {
        let openssl = try OpenSSLCLI()
        let cert = try TestPKI.ca(.ed25519).certificate
        try openssl.write("ca.pem", cert.pem)
        let output = try openssl.run("x509", "-in", "ca.pem", "-noout", "-serial")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "serial=\(cert.serialNumberHex.uppercased())")
    }

    @Test func kilnParsesACertificateOpenSSLMade() throws {
        let openssl = try OpenSSLCLI()
        try openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/O=acme/CN=pve.example.com",
                        "-addext", "subjectAltName=DNS:pve.example.com,IP:192.0.2.10",
                        "-addext", "extendedKeyUsage=serverAuth")
        let cert = try Certificate(pem: try openssl.read("cert.pem"))
        #expect(cert.subject == DistinguishedName(organizations: ["acme"], commonName: "pve.example.com"))
        #expect(cert.dnsNames == ["pve.example.com"])
        #expect(cert.ipAddresses == ["192.0.2.10"])
        #expect(cert.extendedKeyUsage == [.serverAuth])
        #expect(cert.isCA) // openssl req -x509 marks self-signed certificates CA:TRUE
        #expect(cert.matches(try PrivateKey(pem: try openssl.read("key.pem"))))
        #expect(abs(cert.notAfter.timeIntervalSince(cert.notBefore) - 2 * 86400) < 2)
    }
}
