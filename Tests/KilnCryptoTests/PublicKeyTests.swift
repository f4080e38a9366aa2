import KilnCrypto
import Testing

struct PublicKeyTests {
    @Test(arguments: [KeyAlgorithm.ed25519, .ecdsaP256, .rsa(bits: 2048)])
    func publicKeyRoundTripsThroughSPKIPEMAndDER(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm).publicKey
        #expect(key.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(try PublicKey(pem: key.pem) == key)
        #expect(try PublicKey(der: key.der) == key)
        #expect(try PublicKey(der: key.der).algorithm == algorithm)
    }

    @Test func ed25519RawBytesRoundTrip() throws {
        let key = try PrivateKey.generate(.ed25519).publicKey
        let raw = try #require(key.ed25519Raw)
        #expect(raw.count == 32)
        #expect(try PublicKey(ed25519Raw: raw) == key)
        // SPKI for Ed25519 is a fixed 12-byte header followed by the raw key.
        #expect(Array(key.der.suffix(32)) == raw)
    }

    @Test func onlyEd25519KeysHaveRawBytes() throws {
        #expect(try PrivateKey.generate(.ecdsaP256).publicKey.ed25519Raw == nil)
    }

    @Test func rawKeyOfWrongLengthIsRefused() {
        let error = #expect(throws: CryptoError.self) { try PublicKey(ed25519Raw: [UInt8](repeating: 1, count: 31)) }
        #expect(error?.kind == .malformedInput)
    }

    @Test func differentKeysAreNotEqual() throws {
        #expect(try PrivateKey.generate(.ecdsaP256).publicKey != PrivateKey.generate(.ecdsaP256).publicKey)
    }

    @Test func aPrivateKeyPEMIsNotAPublicKey() throws {
        let pem = try PrivateKey.generate(.ed25519).pem(.pkcs8)
        #expect(throws: CryptoError.self) { try PublicKey(pem: pem) }
    }

    @Test func trailingBytesAfterTheStructureAreRefused() throws {
        let der = try PrivateKey.generate(.ed25519).publicKey.der + [0]
        let error = #expect(throws: CryptoError.self) { try PublicKey(der: der) }
        #expect(error?.kind == .malformedInput)
    }
}
