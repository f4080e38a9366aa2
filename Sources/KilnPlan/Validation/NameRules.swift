/// Syntax of the names a plan carries: DNS labels, Cilium cluster names, Kubernetes label keys
/// and values, taints, Flux variable names. Pure predicates, shared by decoding and validation.
public enum NameRules {
    static func isLowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
    static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// RFC 1123 label: 1–63 of `a-z 0-9 -`, starting and ending with a letter or digit.
    public static func isDNSLabel(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, text.count <= 63 else { return false }
        return isLowerAlnum(first) && isLowerAlnum(last) && text.allSatisfy { isLowerAlnum($0) || $0 == "-" }
    }

    /// Dot-separated DNS labels, at most 253 characters (`home.arpa`, `cluster.local`).
    public static func isDNSName(_ text: String) -> Bool {
        text.count <= 253 && !text.isEmpty && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNSLabel(String($0)) }
    }

    /// Why `name` cannot be a Cilium cluster name (≤ 32, `^([a-z0-9][-a-z0-9]*)?[a-z0-9]$`, not
    /// `default`), or nil when it can.
    public static func ciliumClusterNameProblem(_ name: String) -> String? {
        if name == "default" { return "`default` is reserved by Cilium for clusters outside a mesh" }
        if name.count > 32 { return "Cilium cluster names are at most 32 characters (this one has \(name.count))" }
        guard let first = name.first, let last = name.last, isLowerAlnum(first), isLowerAlnum(last),
              name.allSatisfy({ isLowerAlnum($0) || $0 == "-" }) else {
            return "use lowercase letters, digits and `-`, starting and ending with a letter or digit"
        }
        return nil
    }

    /// Kubernetes qualified name part: 1–63 of `A-Z a-z 0-9 - _ .`, alphanumeric at both ends.
    static func isQualifiedNamePart(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, text.count <= 63 else { return false }
        return isAlnum(first) && isAlnum(last) && text.allSatisfy { isAlnum($0) || "-_.".contains($0) }
    }

    /// Why `key` is not a valid label key (`[prefix/]name`), or nil.
    public static func labelKeyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "it may contain at most one `/`" }
        if parts.count == 2 {
            let prefix = String(parts[0])
            guard isDNSName(prefix) else { return "the prefix `\(prefix)` must be a lowercase DNS name" }
        }
        guard let name = parts.last.map(String.init), isQualifiedNamePart(name) else {
            return "the name part must be 1–63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit"
        }
        return nil
    }

    /// Why `value` is not a valid label value (empty is allowed), or nil.
    public static func labelValueProblem(_ value: String) -> String? {
        if value.isEmpty || isQualifiedNamePart(value) { return nil }
        return value.count > 63 ? "at most 63 characters" : "only letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit"
    }

    public struct TaintProblem: Error, Equatable {
        public let message: String
        public let fix: String
    }

    /// Parses `key[=value]:Effect`.
    public static func parseTaint(_ text: String) -> Result<Taint, TaintProblem> {
        let effects = Taint.Effect.allCases.map(\.rawValue).joined(separator: ", ")
        guard let colon = text.lastIndex(of: ":") else {
            return .failure(TaintProblem(message: "it has no effect", fix: "write `key[=value]:Effect` with Effect one of \(effects), e.g. `\(text):NoSchedule`"))
        }
        let effectText = String(text[text.index(after: colon)...])
        guard let effect = Taint.Effect(rawValue: effectText) else {
            let suggestion = Taint.Effect.allCases.first { $0.rawValue.lowercased() == effectText.lowercased() }?.rawValue
            return .failure(TaintProblem(message: "`\(effectText)` is not a taint effect",
                                         fix: suggestion.map { "write `\($0)`" } ?? "use one of \(effects)"))
        }
        let keyValue = text[..<colon]
        let key: String, value: String?
        if let equals = keyValue.firstIndex(of: "=") {
            key = String(keyValue[..<equals])
            value = String(keyValue[keyValue.index(after: equals)...])
        } else {
            key = String(keyValue)
            value = nil
        }
        if let problem = labelKeyProblem(key) {
            return .failure(TaintProblem(message: "key `\(key)`: \(problem)", fix: "write `key[=value]:Effect`, e.g. `dedicated=gitlab:NoSchedule`"))
        }
        if let value, let problem = labelValueProblem(value) {
            return .failure(TaintProblem(message: "value `\(value)`: \(problem)", fix: "write `key[=value]:Effect`, e.g. `dedicated=gitlab:NoSchedule`"))
        }
        return .success(Taint(key: key, value: value, effect: effect))
    }

    /// Flux `${VAR}` substitution names.
    public static func isVariableName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
