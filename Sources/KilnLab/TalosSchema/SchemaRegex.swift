import Foundation

/// A schema `pattern`, written in Go's RE2 syntax (Talos's schemas come from Go), compiled once
/// for NSRegularExpression (ICU). Where the two dialects differ on the same text, the pattern is
/// translated so it means what RE2 means:
/// - `$` outside a class: RE2 matches only at the very end; ICU also before a final newline → `\z`.
/// - `\d`, `\w`, `\s`: ASCII in RE2, Unicode in ICU → explicit ASCII classes.
/// - `(?P<name>`: RE2's named group → ICU's `(?<name>`.
/// RE2 has no look-around or back-references, so anything else RE2 accepts means the same in ICU.
struct SchemaRegex: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once built and documented thread-safe.
    let source: String
    let expression: NSRegularExpression

    enum Failure: Error { case invalid(String) }

    init(re2 source: String) throws(Failure) {
        self.source = source
        do {
            expression = try NSRegularExpression(pattern: Self.translate(source))
        } catch {
            throw .invalid("pattern `\(source)` does not compile: \(error)")
        }
    }

    /// JSON Schema patterns are unanchored: a match anywhere counts.
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func translate(_ re2: String) throws(Failure) -> String {
        if re2.contains("(?m") || re2.contains("(?s") {
            // Flags would change what `$` and `.` mean; no Talos schema uses them.
            throw .invalid("pattern `\(re2)` sets regex flags, which the translation does not handle")
        }
        var out = ""
        var inClass = false
        var characters = re2.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\\":
                guard let escaped = characters.next() else { out.append("\\"); continue }
                switch (escaped, inClass) {
                case ("d", false): out += "[0-9]"
                case ("d", true): out += "0-9"
                case ("D", false): out += "[^0-9]"
                case ("w", false): out += "[0-9A-Za-z_]"
                case ("w", true): out += "0-9A-Za-z_"
                case ("W", false): out += "[^0-9A-Za-z_]"
                case ("s", false): out += "[\\t\\n\\f\\r ]"
                case ("s", true): out += "\\t\\n\\f\\r "
                case ("S", false): out += "[^\\t\\n\\f\\r ]"
                case ("D", true), ("W", true), ("S", true):
                    throw .invalid("pattern `\(re2)` negates a class inside a class, which the translation does not handle")
                default: out += "\\" + String(escaped)
                }
                continue
            case "[" where !inClass:
                inClass = true
                out.append(character)
                // `[]` and `[^]` start with a literal `]` in both dialects.
                var lookahead = characters
                if let next = lookahead.next() {
                    if next == "^" {
                        out.append(next); characters = lookahead
                        var again = characters
                        if again.next() == "]" { out += "\\]"; characters = again }
                    } else if next == "]" {
                        out += "\\]"; characters = lookahead
                    }
                }
            case "]" where inClass:
                inClass = false
                out.append(character)
            case "$" where !inClass:
                out += "\\z"
            case "P" where !inClass && out.hasSuffix("(?") && !out.hasSuffix("\\(?"):
                // `(?P<name>` → `(?<name>`: drop the P.
                break
            default:
                out.append(character)
            }
        }
        return out
    }
}
