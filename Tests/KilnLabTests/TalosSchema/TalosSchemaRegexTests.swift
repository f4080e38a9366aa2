@testable import KilnLab
import Testing

/// Go RE2 patterns run on ICU with RE2's meaning where the two differ.
@Suite
struct TalosSchemaRegexTests {
    @Test(arguments: [
        (#"^https://"#, #"^https://"#),
        (#"^[0-9a-f.:]+/\d{1,3}$"#, #"^[0-9a-f.:]+/[0-9]{1,3}\z"#),
        (#"^[\d.]+$"#, #"^[0-9.]+\z"#),
        (#"[$]\$"#, #"[$]\$"#),
        (#"[]$]$"#, #"[\]$]\z"#),
        (#"(?P<unit>\w+)\s"#, #"(?<unit>[0-9A-Za-z_]+)[\t\n\f\r ]"#),
        (#"\(?P"#, #"\(?P"#),
    ])
    func translation(re2: String, icu: String) throws {
        #expect(try SchemaRegex.translate(re2) == icu)
    }

    @Test
    func matchesFollowRE2() throws {
        let cidr = try SchemaRegex(re2: #"^[0-9a-f.:]+/\d{1,3}$"#)
        #expect(cidr.matches("10.0.0.0/8"))
        #expect(!cidr.matches("10.0.0.0/8\n"))
        #expect(!cidr.matches("10.0.0.0/٨"))
        // Unanchored patterns match anywhere, as JSON Schema's `pattern` does.
        #expect(try SchemaRegex(re2: "(tcp|udp)://").matches("x tcp://y"))
        let duration = try SchemaRegex(re2: #"^[-+]?(((\d+(\.\d*)?|\d*(\.\d+)+)([nuµm]?s|m|h))|0)+$"#)
        #expect(duration.matches("1h30m") && duration.matches("500µs") && !duration.matches("1 day"))
    }

    @Test
    func flagsThatChangeAnchorsAreRefused() {
        #expect(throws: SchemaRegex.Failure.self) { try SchemaRegex(re2: "(?m)^a$") }
    }
}
