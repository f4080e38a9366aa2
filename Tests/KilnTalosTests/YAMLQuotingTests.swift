import KilnCrypto
import KilnTalos
import Testing

/// A value YAML would read as something else than a string is quoted, as Go's encoder does.
struct YAMLQuotingTests {
    @Test func aTokenThatLooksLikeANumberIsQuotedAndReadBack() throws {
        var bundle = try GeneratedBundle.quick()
        bundle.bootstrapToken = "123456.1234567890123456"
        let text = try bundle.encoded()
        #expect(text.contains("    bootstraptoken: \"123456.1234567890123456\"\n"))
        #expect(try TalosSecretsBundle.decode(yaml: text, source: "quoted").bootstrapToken == "123456.1234567890123456")
    }
}
