/// Where two configs first differ, told without secrets: the golden files carry the test
/// bundle's keys and tokens, so values of secret-bearing fields and whole PEM blocks are masked.
enum ConfigDiff {
    static let secretKeys: Set<String> = [
        "key", "token", "secret", "crt", "cert", "id", "privateKey", "clusterID", "clusterSecret",
        "secretboxEncryptionSecret", "aescbcEncryptionSecret",
    ]

    /// nil when equal, else "line N: expected … / got …" with secrets masked.
    static func firstDifference(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        let a = masked(expected), b = masked(actual)
        let rawA = lines(expected), rawB = lines(actual)
        let index = zip(rawA, rawB).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(rawA.count, rawB.count)
        let want = index < a.count ? a[index] : "<end of file>"
        let got = index < b.count ? b[index] : "<end of file>"
        return "first difference at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)"
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    static func masked(_ text: String) -> [String] {
        var blockIndent: Int?
        return lines(text).map { line in
            let indent = line.prefix { $0 == " " }.count
            if let block = blockIndent, indent > block || line.isEmpty { return String(repeating: " ", count: indent) + "<masked>" }
            blockIndent = nil
            let body = line.dropFirst(indent)
            let item = body.hasPrefix("- ") ? body.dropFirst(2) : body
            if item == "|" || item == "|-" || item.hasSuffix(": |") || item.hasSuffix(": |-") {
                // Every block scalar in a config is PEM text.
                blockIndent = indent
                return line
            }
            guard let colon = item.range(of: ": ") else { return line }
            let key = String(item[..<colon.lowerBound])
            guard secretKeys.contains(key), !item[colon.upperBound...].isEmpty, item[colon.upperBound...] != "\"\"" else { return line }
            return String(line[..<colon.upperBound]) + "<masked>"
        }
    }
}
