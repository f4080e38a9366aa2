import KilnCrypto
import KilnTestSupport
import Testing

/// Keys cross-checked with the real `openssl`: it reads what kiln writes, kiln reads what it writes,
/// and both agree on the public key.
struct KeyOpenSSLInteropTests {
    static let cases: [(KeyAlgorithm, PrivateKeyFormat)] = [
        (.ed25519, .pkcs8), (.ecdsaP256, .pkcs8), (.ecdsaP256, .sec1), (.rsa(bits: 2048), .pkcs8), (.rsa(bits: 2048), .pkcs1),
    ]

    @Test(arguments: cases)
    func openSSLReadsKilnKeysAndDerivesTheSamePublicKey(algorithm: KeyAlgorithm, format: PrivateKeyFormat) throws {
        let openssl = try OpenSSLCLI()
        let key = try PrivateKey.generate(algorithm)
        try openssl.write("key.pem", key.pem(format))
        let publicPEM = try openssl.run("pkey", "-in", "key.pem", "-pubout")
        #expect(publicPEM == key.publicKey.pem)
    }

    @Test func openSSLReadsPKCS1WithTheRSACommand() throws {
        let openssl = try OpenSSLCLI()
        try openssl.write("key.pem", PrivateKey.generate(.rsa(bits: 2048)).pem(.pkcs1))
        let output = try openssl.run("rsa", "-in", "key.pem", "-check", "-noout")
        #expect(output.contains("RSA key ok"))
    }

    @Test func openSSLReadsSEC1WithTheECCommand() throws {
        let openssl = try OpenSSLCLI()
        let key = try PrivateKey.generate(.ecdsaP256)
        try openssl.write("key.pem", key.pem(.sec1))
        try openssl.run("ec", "-in", "key.pem", "-check", "-noout")
        #expect(try openssl.run("ec", "-in", "key.pem", "-pubout") == key.publicKey.pem)
        let text = try openssl.run("ec", "-in", "key.pem", "-pubout", "-text", "-noout")
        #expect(text.contains("prime256v1"))
    }

    @Test func talosLabelHoldsAPKCS8BodyOpenSSLCanRead() throws {
        let openssl = try OpenSSLCLI()
        let key = try PrivateKey.generate(.ed25519)
        let relabelled = try key.pem(.talosEd25519).replacingOccurrences(of: "ED25519 PRIVATE KEY", with: "PRIVATE KEY")
        try openssl.write("key.pem", relabelled)
        #expect(try openssl.run("pkey", "-in", "key.pem", "-pubout") == key.publicKey.pem)
    }

    static let generated: [(String, [String], KeyAlgorithm)] = [
        ("ed25519", ["genpkey", "-algorithm", "ed25519"], .ed25519),
        ("P-256", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], .ecdsaP256),
        ("RSA-2048", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], .rsa(bits: 2048)),
    ]

    @Test(arguments: generated)
    func kilnReadsKeysOpenSSLGeneratesInEveryFormat(name: String, command: [String], algorithm: KeyAlgorithm) throws {
        let openssl = try OpenSSLCLI()
        try openssl.run(command + ["-out", "key.pem"])
        let expectedPublic = try openssl.run("pkey", "-in", "key.pem", "-pubout")
        var files = ["key.pem"]
        switch algorithm {
        case .ecdsaP256:
            try openssl.run("ec", "-in", "key.pem", "-out", "sec1.pem")
            files.append("sec1.pem")
        case .rsa:
            try openssl.run("rsa", "-in", "key.pem", "-traditional", "-out", "pkcs1.pem")
            files.append("pkcs1.pem")
        case .ed25519:
            break
        }
        for file in files {
            let pem = try openssl.read(file)
            let key = try PrivateKey(pem: pem)
            #expect(key.algorithm == algorithm, "\(name) \(file)")
            #expect(key.publicKey.pem == expectedPublic, "\(name) \(file)")
            // Written back in the same format, the text is what openssl wrote.
            let label = try PEM.decodeOne(pem, expecting: "key").label
            let format = try #require(PrivateKeyFormat.allCases.first { $0.pemLabel == label })
            let identical = try key.pem(format) == pem
            #expect(identical, "\(name) \(file) re-encoded differently")
        }
    }

    @Test func kilnRefusesAKeyOpenSSLEncrypted() throws {
        let openssl = try OpenSSLCLI()
        try openssl.run("genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:secret", "-out", "key.pem")
        let error = #expect(throws: CryptoError.self) { try PrivateKey(pem: try openssl.read("key.pem")) }
        #expect(error?.kind == .unsupported)
    }

    @Test func kilnRefusesALegacyEncryptedRSAKeyOpenSSLWrote() throws {
        let openssl = try OpenSSLCLI()
        try openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "plain.pem")
        try openssl.run("rsa", "-in", "plain.pem", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "key.pem")
        let error = #expect(throws: CryptoError.self) { try PrivateKey(pem: try openssl.read("key.pem")) }
        #expect(error?.kind == .unsupported)
    }

    @Test func kilnRejectsCurvesOtherThanP256() throws {
        let openssl = try OpenSSLCLI()
        try openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "key.pem")
        let error = #expect(throws: CryptoError.self) { try PrivateKey(pem: try openssl.read("key.pem")) }
        #expect(error?.kind == .unsupported)
    }

    /// notes/talos.md's service-account key: RSA-4096 PKCS#1, read and written back byte for byte.
    @Test func rsa4096PKCS1RoundTripsByteForByte() throws {
        let key = try PrivateKey.generate(.rsa(bits: 4096))
        #expect(key.algorithm == .rsa(bits: 4096))
        let openssl = try OpenSSLCLI()
        try openssl.write("key.pem", key.pem(.pkcs1))
        #expect(try openssl.run("rsa", "-in", "key.pem", "-check", "-noout").contains("RSA key ok"))
        try openssl.run("rsa", "-in", "key.pem", "-traditional", "-out", "again.pem")
        let identical = try openssl.read("again.pem") == key.pem(.pkcs1)
        #expect(identical, "openssl rewrote kiln's PKCS#1 key differently")
    }
}
