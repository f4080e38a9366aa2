import Yams

/// Go's yaml.v3 writes a string plain unless that would read back as something else. Machine
/// configs hold URLs, image references, label keys and CEL expressions, so this is wider than
/// `YAMLScalarWriter` (which only ever sees base64 and tokens): `:` and `/` inside the text are
/// fine, `: ` and ` #` are not; anything doubtful goes through `YAMLScalarWriter`'s quoting.
enum TalosYAMLScalar {
    static func plainOrQuoted(_ text: String) -> String {
        isPlainSafe(text) ? text : YAMLScalarWriter.quoted(text)
    }

    static func isPlainSafe(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last,
              scalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7f }),
              first != " ", last != " ", last != ":",
              !"#,[]{}&*!|>'\"%@`".unicodeScalars.contains(first),
              !text.contains(": "), !text.contains(" #")
        else { return false }
        // `-`, `?` and `:` start a plain scalar only when something other than a space follows.
        if "-?:".unicodeScalars.contains(first), scalars.count < 2 || scalars[1] == " " { return false }
        return Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text))) == .str
    }
}
