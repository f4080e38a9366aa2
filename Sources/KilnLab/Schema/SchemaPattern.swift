import Foundation

/// A `pattern` from PVE's schema, compiled once. PVE writes Perl regexes and anchors them
/// (`m/^$pattern$/`); ICU needs a few spellings changed: `(?^:` and `(?^i:` (Perl's "default
/// flags" groups), `{,n}` (Perl's "up to n"), and `\0` (NUL).
struct SchemaPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once made and safe to share between threads.
    let source: String
    private let regex: NSRegularExpression

    init?(perl source: String) {
        self.source = source
        guard let regex = try? NSRegularExpression(pattern: "^(?:\(Self.icu(source)))$") else { return nil }
        self.regex = regex
    }

    func matches(_ value: String) -> Bool {
        regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }

    static func icu(_ perl: String) -> String {
        var text = perl.replacingOccurrences(of: "(?^i:", with: "(?i:").replacingOccurrences(of: "(?^:", with: "(?:")
        text = text.replacingOccurrences(of: #"\{,(\d+)\}"#, with: "{0,$1}", options: .regularExpression)
        text = text.replacingOccurrences(of: #"\\0(?![0-7])"#, with: #"\\x00"#, options: .regularExpression)
        return text
    }
}
