import Foundation
import KilnCrypto
import KilnTalos
import KilnTestSupport
import Testing

/// The real openssl reads what kiln exports and sees the shapes Talos writes.
struct TalosSecretsOpenSSLTests {
    /// The exported PEM of every certificate and key, written for openssl, by field name.
    static func exportedFiles(_ bundle: TalosSecretsBundle, into openssl: OpenSSLCLI) throws {
        let exported = try bundle.encoded()
        let reread = try TalosSecretsBundle.decode(yaml: exported, source: "export")
        #expect(reread == bundle)
        // Walk the export itself (not the in-memory values): openssl must judge the bytes users get.
        var section = ""
        for line in exported.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            let depth = (line.count - trimmed.count) / 4
            if depth == 1, trimmed.hasSuffix(":") { section = String(trimmed.dropLast()) }
            if depth == 2, let colon = trimmed.firstIndex(of: ":"), ["crt", "key"].contains(String(trimmed[..<colon])) {
                let name = "\(section).\(trimmed[..<colon]).pem"
                try openssl.write(name, try pemText(String(trimmed[trimmed.index(colon, offsetBy: 2)...])))
            }
        }
    }

    @Test func certificatesReadByOpenSSLHaveTalosShapes() throws {
        let bundle = try GeneratedBundle.shared()
        let openssl = try OpenSSLCLI(prefix: "kiln-talos")
        try Self.exportedFiles(bundle, into: openssl)
        let expected: [(String, String, String, String)] = [
            // name, subject line, public key algorithm, signature algorithm
            ("etcd", "subject=O=etcd", "id-ecPublicKey", "ecdsa-with-SHA256"),
            ("k8s", "subject=O=kubernetes", "id-ecPublicKey", "ecdsa-with-SHA256"),
            ("k8saggregator", "subject=", "id-ecPublicKey", "ecdsa-with-SHA256"),
            ("os", "subject=O=talos", "ED25519", "ED25519"),
        ]
        for (name, subject, keyAlgorithm, signature) in expected {
            let file = "\(name).crt.pem"
            let text = try openssl.run("x509", "-in", file, "-text", "-noout")
            let subjectLine = try openssl.run("x509", "-in", file, "-noout", "-subject")
                .trimmingCharacters(in: .newlines).replacingOccurrences(of: " ", with: "")
            #expect(subjectLine == subject.replacingOccurrences(of: " ", with: ""), "\(name)")
            #expect(text.contains("Public Key Algorithm: \(keyAlgorithm)"), "\(name)")
            #expect(text.contains("Signature Algorithm: \(signature)"), "\(name)")
            if keyAlgorithm == "id-ecPublicKey" { #expect(text.contains("NIST CURVE: P-256"), "\(name)") }
            #expect(text.contains("X509v3 Basic Constraints: critical\n                CA:TRUE\n"), "\(name)")
            #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature, Certificate Sign\n"), "\(name)")
            #expect(text.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication, TLS Web Client Authentication\n"), "\(name)")
            #expect(!text.contains("Authority Key Identifier"), "\(name)")
            let validity = try openssl.validity(file)
            #expect(validity.notBefore == GeneratedBundle.generatedAt, "\(name)")
            #expect(validity.notAfter.timeIntervalSince(validity.notBefore) == 87600 * 3600, "\(name): 10 years")
            // Self-signed and valid as a CA in its own right (at a time inside its validity).
            let at = String(Int(GeneratedBundle.generatedAt.timeIntervalSince1970) + 3600)
            #expect(try openssl.attempt("verify", "-attime", at, "-CAfile", file, file).status == 0, "\(name)")
        }
    }

    @Test func keysReadByOpenSSLHaveTalosLabelsAndMatchTheirCertificates() throws {
        let bundle = try GeneratedBundle.shared()
        let openssl = try OpenSSLCLI(prefix: "kiln-talos")
        try Self.exportedFiles(bundle, into: openssl)
        let labels = ["etcd": "EC PRIVATE KEY", "k8s": "EC PRIVATE KEY", "k8saggregator": "EC PRIVATE KEY",
                      "os": "ED25519 PRIVATE KEY", "k8sserviceaccount": "RSA PRIVATE KEY"]
        for (name, label) in labels.sorted(by: { $0.key < $1.key }) {
            let pem = try String(contentsOfFile: openssl.directory.file("\(name).key.pem"), encoding: .utf8)
            let firstLine = pem.split(separator: "\n").first.map(String.init) ?? ""
            #expect(firstLine == "-----BEGIN \(label)-----", "\(name)")
            try openssl.write("\(name).openssl.pem", relabelledForOpenSSL(pem))
            // Public parts only: -text_pub never prints the private key.
            let text = try openssl.run("pkey", "-in", "\(name).openssl.pem", "-text_pub", "-noout")
            switch label {
            case "EC PRIVATE KEY": #expect(text.contains("Public-Key: (256 bit)") && text.contains("NIST CURVE: P-256"), "\(name)")
            case "ED25519 PRIVATE KEY": #expect(text.contains("ED25519 Public-Key:"), "\(name)")
            default: #expect(text.contains("Public-Key: (4096 bit)"), "\(name)")
            }
            if name != "k8sserviceaccount" {
                let fromKey = try openssl.run("pkey", "-in", "\(name).openssl.pem", "-pubout")
                let fromCertificate = try openssl.run("x509", "-in", "\(name).crt.pem", "-pubkey", "-noout")
                #expect(fromKey == fromCertificate, "\(name): key belongs to its certificate")
            }
        }
        #expect(try openssl.run("rsa", "-in", "k8sserviceaccount.key.pem", "-check", "-noout").contains("RSA key ok"))
    }
}
