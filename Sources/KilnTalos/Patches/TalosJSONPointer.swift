/// An RFC 6901 JSON pointer: `/machine/certSANs/0`, `~1` for `/` and `~0` for `~` inside a
/// token, `-` for "past the end" of a list (only `add` may use it).
struct TalosJSONPointer: Equatable {
    let tokens: [String]
    let text: String

    /// nil when the text is neither empty (the whole document) nor starts with `/`.
    init?(_ text: String) {
        self.text = text
        guard !text.isEmpty else { tokens = []; return }
        guard text.hasPrefix("/") else { return nil }
        // `~1` first: `~01` is the token `~1`, not `/`.
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    var parent: [String] { Array(tokens.dropLast()) }
    var last: String? { tokens.last }

    /// Whether `self` is `other` or inside it (a value cannot be moved into itself).
    func isWithin(_ other: TalosJSONPointer) -> Bool {
        tokens.count >= other.tokens.count && Array(tokens.prefix(other.tokens.count)) == other.tokens
    }

    /// A list index token: digits without a leading zero (RFC 6901), nil otherwise.
    static func index(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
              token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }
}
