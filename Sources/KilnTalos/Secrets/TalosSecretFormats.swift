import KilnCrypto

/// The formats of the bundle's string secrets, as Talos's generator makes them
/// (`pkg/machinery/config/generate/secrets`), used both to generate and to check imports.
enum TalosSecretFormats {
    /// Token alphabet of Kubernetes bootstrap tokens, which Talos also uses for trustd.
    static let tokenAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// `[0-9a-z]{6}.[0-9a-z]{16}`, drawn without modulo bias.
    static func generateToken() throws -> String {
        func part(_ count: Int) throws -> String {
            var out = ""
            for _ in 0..<count {
                out.append(tokenAlphabet[Int(try SecureRandom.uniform(below: UInt32(tokenAlphabet.count)))])
            }
            return out
        }
        return try part(6) + "." + part(16)
    }

    static func isToken(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 6, parts[1].count == 16 else { return false }
        return parts.allSatisfy { $0.allSatisfy { tokenAlphabet.contains($0) } }
    }

    /// Bytes of `text` if it is base64 in `alphabet` *with* padding and exactly `count` bytes long;
    /// nil otherwise. Strict on padding so that what is accepted is what Talos writes.
    static func decodeKey(_ text: String, alphabet: Base64.Alphabet, count: Int) -> [UInt8]? {
        guard text.count % 4 == 0, !text.contains(where: \.isWhitespace),
              let bytes = try? Base64.decode(text, alphabet: alphabet), bytes.count == count
        else { return nil }
        return bytes
    }

    /// A fresh 32-byte key: cluster id (URL alphabet), cluster secret and encryption secrets
    /// (standard alphabet), all padded as Go's `base64.{URL,Std}Encoding` write them.
    static func generateKey(alphabet: Base64.Alphabet) throws -> String {
        Base64.encode(try SecureRandom.bytes(32), alphabet: alphabet, padded: true)
    }
}
