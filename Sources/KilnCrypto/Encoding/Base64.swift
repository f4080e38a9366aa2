import Foundation

/// Base64 in the two alphabets kiln meets: standard (RFC 4648 §4) and URL-safe (§5).
/// Talos writes its cluster id in the URL alphabet *with* padding, so padding is a separate choice.
public enum Base64 {
    public enum Alphabet: Sendable { case standard, url }

    public static func encode<D: Collection>(_ bytes: D, alphabet: Alphabet = .standard, padded: Bool = true) -> String
    where D.Element == UInt8 {
        var text = Data(bytes).base64EncodedString()
        if alphabet == .url {
            text = String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        }
        if !padded { while text.hasSuffix("=") { text.removeLast() } }
        return text
    }

    /// Decodes either alphabet, with or without padding; whitespace (PEM line breaks) is ignored.
    public static func decode(_ text: String, alphabet: Alphabet = .standard) throws -> [UInt8] {
        var normalized = text.filter { !$0.isWhitespace }
        switch alphabet {
        case .standard:
            if normalized.contains(where: { $0 == "-" || $0 == "_" }) {
                throw CryptoError(.malformedInput, "decoding base64", detail: "URL-alphabet characters in standard base64")
            }
        case .url:
            if normalized.contains(where: { $0 == "+" || $0 == "/" }) {
                throw CryptoError(.malformedInput, "decoding base64", detail: "standard-alphabet characters in URL-safe base64")
            }
            normalized = String(normalized.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        }
        let remainder = normalized.count % 4
        if remainder == 1 {
            throw CryptoError(.malformedInput, "decoding base64", detail: "length \(normalized.count) is not valid")
        }
        if remainder != 0 { normalized += String(repeating: "=", count: 4 - remainder) }
        guard let data = Data(base64Encoded: normalized) else {
            throw CryptoError(.malformedInput, "decoding base64", detail: "not valid base64")
        }
        return Array(data)
    }
}
