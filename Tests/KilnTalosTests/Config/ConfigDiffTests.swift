import Testing

/// A failing golden comparison says where, never what the secrets are.
@Suite
struct ConfigDiffTests {
    @Test
    func secretFieldsAndPEMBlocksAreMaskedInTheReport() throws {
        let expected = "machine:\n    token: abc.def\n    ca:\n        crt: Q1JU\n        key: S0VZ\ncert: |\n    -----BEGIN X-----\n    AAAA\nname: x\n"
        let actual = expected.replacingOccurrences(of: "AAAA", with: "BBBB")
        let report = try #require(ConfigDiff.firstDifference(expected: expected, actual: actual))
        #expect(report.hasPrefix("first difference at line 8:"))
        for secret in ["abc.def", "Q1JU", "S0VZ", "AAAA", "BBBB", "BEGIN"] { #expect(!report.contains(secret)) }
        #expect(ConfigDiff.masked(expected) == [
            "machine:", "    token: <masked>", "    ca:", "        crt: <masked>", "        key: <masked>",
            "cert: |", "    <masked>", "    <masked>", "name: x", "",
        ])
    }

    @Test
    func equalTextsHaveNoDifference() {
        #expect(ConfigDiff.firstDifference(expected: "a: b\n", actual: "a: b\n") == nil)
    }
}
