import Yams

/// Writes string scalars the way Go's YAML encoder does for the values Talos files hold: plain
/// when a reader would take the text back as the same string, double-quoted otherwise (a token
/// such as `123456.7890…` would otherwise read back as a number).
enum YAMLScalarWriter {
    static func scalar(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    /// Double-quoted with Go's escapes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Only a conservative alphabet is written plain, and only when YAML's resolver keeps it a
    /// string (no numbers, booleans, nulls, timestamps).
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !"-?:,[]{}#&*!|>'\"%@`=".unicodeScalars.contains(first),
              text.unicodeScalars.allSatisfy({ scalar in
                  (scalar.value < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                      || "+/=._-".unicodeScalars.contains(scalar)
              })
        else { return false }
        let resolved = Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text)))
        return resolved == .str
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: Swift.max(0, length - count)) + self
    }
}
