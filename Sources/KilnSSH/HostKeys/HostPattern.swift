/// known_hosts host matching, following OpenSSH's `match_hostname`: a comma-separated list of
/// patterns with `*`/`?` wildcards, each optionally negated with `!`. A negated match vetoes the
/// whole line; otherwise any positive match matches. Comparison is case-insensitive.
enum HostPattern {
    /// The name a host is recorded under: `host` on port 22, `[host]:port` elsewhere.
    static func lookupName(host: String, port: Int) -> String {
        let lower = host.lowercased()
        return port == 22 ? lower : "[\(lower)]:\(port)"
    }

    static func listMatches(_ patternList: String, name: String) -> Bool {
        var positive = false
        for raw in patternList.split(separator: ",", omittingEmptySubsequences: true) {
            var pattern = Substring(raw)
            let negated = pattern.first == "!"
            if negated { pattern = pattern.dropFirst() }
            guard glob(Array(pattern.lowercased().utf8), Array(name.lowercased().utf8)) else { continue }
            if negated { return false }
            positive = true
        }
        return positive
    }

    /// `*` matches any run (including empty), `?` exactly one byte. Iterative with backtracking
    /// to the last `*`, so hostile patterns cannot blow the stack.
    static func glob(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var p = 0, t = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t]) {
                p += 1; t += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                starP = p; starT = t; p += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
