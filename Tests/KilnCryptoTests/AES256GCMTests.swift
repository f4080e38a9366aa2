@testable import KilnCrypto
import Testing

/// AES-256-GCM seal/open, with known answers from the GCM specification (McGrew & Viega,
/// "The Galois/Counter Mode of Operation", test cases 13, 14 and 16: the 256-bit key cases).
struct AES256GCMTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String, key: String, nonce: String, plaintext: String, aad: String, ciphertext: String, tag: String
        var testDescription: String { name }
    }

    static let vectors = [
        Vector(name: "test case 13", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
               plaintext: "", aad: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
        Vector(name: "test case 14", key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
               plaintext: String(repeating: "00", count: 16), aad: "",
               ciphertext: "cea7403d4d606b6e074ec5d3baf39d18", tag: "d0d1c8a799996bf0265b98b5d48ab919"),
        Vector(name: "test case 16",
               key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
               nonce: "cafebabefacedbaddecaf888",
               plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                   + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
               aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
               ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                   + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
               tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
    ]

    static func hex(_ text: String) -> [UInt8] { Hex.decode(text) ?? [] }

    @Test(arguments: vectors)
    func sealMatchesTheGCMSpecification(vector: Vector) throws {
        let box = try AES256GCM.seal(Self.hex(vector.plaintext), key: Self.hex(vector.key),
                                     nonce: Self.hex(vector.nonce), associatedData: Self.hex(vector.aad))
        #expect(Hex.encode(box) == vector.nonce + vector.ciphertext + vector.tag)
    }

    @Test(arguments: vectors)
    func openRecoversTheSpecificationPlaintext(vector: Vector) throws {
        let box = Self.hex(vector.nonce + vector.ciphertext + vector.tag)
        let plaintext = try AES256GCM.open(box, key: Self.hex(vector.key), associatedData: Self.hex(vector.aad))
        #expect(Hex.encode(plaintext) == vector.plaintext)
    }

    @Test func sealThenOpenRoundTrips() throws {
        let key = try AES256GCM.generateKey()
        for size in [0, 1, 15, 16, 17, 4096] {
            let plaintext = try SecureRandom.bytes(size)
            let box = try AES256GCM.seal(plaintext, key: key, associatedData: Array("state v1".utf8))
            #expect(box.count == 12 + size + 16)
            #expect(try AES256GCM.open(box, key: key, associatedData: Array("state v1".utf8)) == plaintext)
        }
    }

    @Test func everySealUsesAFreshNonce() throws {
        let key = try AES256GCM.generateKey()
        let a = try AES256GCM.seal([1, 2, 3], key: key), b = try AES256GCM.seal([1, 2, 3], key: key)
        #expect(a.prefix(12) != b.prefix(12))
        #expect(a != b)
    }

    func authenticationFailure(_ body: () throws -> [UInt8]) {
        let error = #expect(throws: CryptoError.self) { _ = try body() }
        #expect(error?.kind == .authenticationFailed)
    }

    @Test func wrongKeyFailsAuthentication() throws {
        let box = try AES256GCM.seal(Array("secret".utf8), key: AES256GCM.generateKey())
        authenticationFailure { try AES256GCM.open(box, key: try AES256GCM.generateKey()) }
    }

    @Test func anyChangedByteFailsAuthentication() throws {
        let key = try AES256GCM.generateKey()
        let box = try AES256GCM.seal(Array("cluster secret".utf8), key: key)
        for index in [0, 11, 12, box.count - 17, box.count - 1] {
            var tampered = box
            tampered[index] ^= 0x80
            authenticationFailure { try AES256GCM.open(tampered, key: key) }
        }
    }

    @Test func wrongAssociatedDataFailsAuthentication() throws {
        let key = try AES256GCM.generateKey()
        let box = try AES256GCM.seal([1, 2, 3], key: key, associatedData: Array("cluster-a".utf8))
        authenticationFailure { try AES256GCM.open(box, key: key, associatedData: Array("cluster-b".utf8)) }
        authenticationFailure { try AES256GCM.open(box, key: key) }
    }

    @Test func keyOfWrongLengthIsAnInvalidArgument() throws {
        for length in [0, 16, 31, 33] {
            let sealError = #expect(throws: CryptoError.self) { try AES256GCM.seal([1], key: [UInt8](repeating: 7, count: length)) }
            #expect(sealError?.kind == .invalidArgument)
            let openError = #expect(throws: CryptoError.self) {
                try AES256GCM.open([UInt8](repeating: 0, count: 40), key: [UInt8](repeating: 7, count: length))
            }
            #expect(openError?.kind == .invalidArgument)
        }
    }

    @Test func boxShorterThanNonceAndTagIsMalformed() throws {
        let error = #expect(throws: CryptoError.self) { try AES256GCM.open([UInt8](repeating: 0, count: 27), key: AES256GCM.generateKey()) }
        #expect(error?.kind == .malformedInput)
    }
}
