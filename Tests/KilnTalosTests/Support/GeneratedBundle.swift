import Foundation
import KilnCrypto
import KilnTalos

/// One bundle generated with the real defaults (RSA-4096 service-account key, which takes a
/// moment), shared by the tests that only look at it.
enum GeneratedBundle {
    static let generatedAt = Date(timeIntervalSince1970: 1_790_000_000)
    private static let result = Result { try TalosSecretsBundle.generate(now: generatedAt) }
    static func shared() throws -> TalosSecretsBundle { try result.get() }

    /// A quick bundle for tests that need a fresh one each time (ECDSA service-account key).
    static func quick(now: Date = generatedAt) throws -> TalosSecretsBundle {
        try TalosSecretsBundle.generate(now: now, serviceAccountKey: .ecdsaP256)
    }
}

/// The PEM text of a bundle field as exported (base64 of PEM), for openssl.
func pemText(_ base64: String) throws -> String {
    String(decoding: try Base64.decode(base64), as: UTF8.self)
}
