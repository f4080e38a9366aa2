import KilnCrypto
import Testing

/// Generation, PEM/DER round trips, format rules, refusals and redaction of private keys.
struct PrivateKeyTests {
    static let algorithms: [KeyAlgorithm] = [.ed25519, .ecdsaP256, .rsa(bits: 2048)]

    @Test(arguments: algorithms)
    func generatedKeyHasRequestedAlgorithm(algorithm: KeyAlgorithm) throws {
        #expect(try PrivateKey.generate(algorithm).algorithm == algorithm)
    }

    @Test func twoGeneratedKeysDiffer() throws {
        #expect(try PrivateKey.generate(.ed25519).publicKey != PrivateKey.generate(.ed25519).publicKey)
    }

    @Test func rsaBelow2048BitsIsRefused() {
        #expect(throws: CryptoError.self) { try PrivateKey.generate(.rsa(bits: 1024)) }
        do { _ = try PrivateKey.generate(.rsa(bits: 1024)) } catch let error as CryptoError {
            #expect(error.kind == .invalidArgument)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test(arguments: algorithms)
    func everyFittingFormatRoundTripsThroughPEMAndDER(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let formats: [PrivateKeyFormat] = switch algorithm {
        case .ed25519: [.pkcs8, .talosEd25519]
        case .ecdsaP256: [.pkcs8, .sec1]
        case .rsa: [.pkcs8, .pkcs1]
        }
        for format in formats {
            let pem = try key.pem(format)
            #expect(pem.hasPrefix("-----BEGIN \(format.pemLabel)-----\n"))
            #expect(pem.hasSuffix("-----END \(format.pemLabel)-----\n"))
            let reread = try PrivateKey(pem: pem)
            #expect(reread.algorithm == algorithm)
            #expect(reread.publicKey == key.publicKey, "\(format)")
            let stable = try reread.pem(format) == pem
            #expect(stable, "\(format) PEM changed on the second write")
            #expect(try PrivateKey(der: key.der(format), format: format).publicKey == key.publicKey)
        }
    }

    @Test func talosFormatIsTheLabelTalosWritesForEachKeyType() {
        #expect(PrivateKeyFormat.talos(for: .ed25519) == .talosEd25519)
        #expect(PrivateKeyFormat.talos(for: .ecdsaP256) == .sec1)
        #expect(PrivateKeyFormat.talos(for: .rsa(bits: 4096)) == .pkcs1)
    }

    @Test func aFormatThatDoesNotFitTheKeyTypeIsRefused() throws {
        let ed = try PrivateKey.generate(.ed25519)
        let ec = try PrivateKey.generate(.ecdsaP256)
        for (key, format) in [(ed, PrivateKeyFormat.sec1), (ed, .pkcs1), (ec, .pkcs1), (ec, .talosEd25519)] {
            do {
                _ = try key.pem(format)
                Issue.record("\(key.algorithm) written as \(format)")
            } catch let error as CryptoError {
                #expect(error.kind == .invalidArgument)
            }
        }
    }

    @Test func aLabelThatLiesAboutTheKeyTypeIsRefused() throws {
        let ecPKCS8 = try PrivateKey.generate(.ecdsaP256).pem(.pkcs8)
        let mislabelled = ecPKCS8.replacingOccurrences(of: "PRIVATE KEY", with: "ED25519 PRIVATE KEY")
        let error = #expect(throws: CryptoError.self) { try PrivateKey(pem: mislabelled) }
        #expect(error?.kind == .malformedInput)
    }

    @Test func encryptedPKCS8IsRefusedClearly() throws {
        let pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n"
        let error = #expect(throws: CryptoError.self) { try PrivateKey(pem: pem) }
        #expect(error?.kind == .unsupported)
        #expect(error?.description.contains("encrypted") == true)
    }

    @Test func legacyEncryptedPEMIsRefusedClearly() throws {
        let pem = """
            -----BEGIN RSA PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-256-CBC,0123456789ABCDEF0123456789ABCDEF

            AAAA
            -----END RSA PRIVATE KEY-----

            """
        let error = #expect(throws: CryptoError.self) { try PrivateKey(pem: pem) }
        #expect(error?.kind == .unsupported)
        #expect(error?.description.contains("encrypted") == true)
    }

    @Test func unknownLabelIsRefused() {
        let error = #expect(throws: CryptoError.self) {
            try PrivateKey(pem: "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n")
        }
        #expect(error?.kind == .unsupported)
    }

    @Test func garbageInsideAKnownLabelIsMalformed() {
        let error = #expect(throws: CryptoError.self) {
            try PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n")
        }
        #expect(error?.kind == .malformedInput)
    }

    @Test(arguments: algorithms)
    func descriptionNeverShowsKeyMaterial(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let base64Body = try key.pem(.pkcs8).split(separator: "\n")[1]
        for text in [key.description, String(describing: key), String(reflecting: key), "\(key)"] {
            #expect(text.contains("redacted"))
            #expect(!text.contains(base64Body.prefix(16)))
        }
    }

    @Test(arguments: algorithms)
    func signaturesVerifyOnlyForTheSignedMessageAndKey(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let message = Array("apply plan 42".utf8)
        let signature = try key.sign(message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: Array("apply plan 43".utf8)))
        var tampered = signature
        tampered[tampered.count / 2] ^= 0x01
        #expect(!key.publicKey.isValidSignature(tampered, for: message))
        #expect(try !PrivateKey.generate(algorithm).publicKey.isValidSignature(signature, for: message))
    }
}
