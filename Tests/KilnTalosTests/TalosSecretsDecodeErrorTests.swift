import Foundation
import KilnCrypto
import KilnTalos
import Testing

/// A broken `secrets.yaml` is refused with the field and the reason, and the message never
/// contains the secret it was looking at.
struct TalosSecretsDecodeErrorTests {
    /// A valid export to break in one place.
    static func validExport() throws -> (bundle: TalosSecretsBundle, text: String) {
        let bundle = try GeneratedBundle.quick()
        return (bundle, try bundle.encoded())
    }

    static func error(_ text: String) -> TalosSecretsError? {
        do {
            _ = try TalosSecretsBundle.decode(yaml: text, source: "secrets.yaml")
            return nil
        } catch let error as TalosSecretsError {
            return error
        } catch {
            Issue.record("untyped error \(type(of: error))")
            return nil
        }
    }

    /// Replaces the value on the line `key: …` at `indent` spaces (first match).
    static func replacing(_ text: String, key: String, indent: Int, with value: String?) -> String {
        let prefix = String(repeating: " ", count: indent) + key + ":"
        var done = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard !done, line.hasPrefix(prefix + " ") else { return String(line) }
            done = true
            return value.map { prefix + " " + $0 }
        }.joined(separator: "\n")
    }

    @Test func aBadTokenIsNamedWithoutBeingShown() throws {
        let (bundle, text) = try Self.validExport()
        let broken = Self.replacing(text, key: "bootstraptoken", indent: 4, with: bundle.bootstrapToken.uppercased())
        let error = try #require(Self.error(broken))
        #expect(error.field == "secrets.bootstraptoken")
        #expect(error.description.contains("[0-9a-z]{6}.[0-9a-z]{16}"))
        let leaks = error.description.contains(bundle.bootstrapToken.uppercased())
        #expect(!leaks)
    }

    @Test func aMissingFieldIsNamed() throws {
        let (_, text) = try Self.validExport()
        let error = try #require(Self.error(Self.replacing(text, key: "secret", indent: 4, with: nil)))
        #expect(error.field == "cluster.secret")
        #expect(error.problem == "is missing")
        // A section left with nothing under it is null in YAML: the section itself is missing.
        let emptied = try #require(Self.error(Self.replacing(text, key: "token", indent: 4, with: nil)))
        #expect(emptied.field == "trustdinfo")
    }

    @Test func aClusterIDInTheWrongAlphabetOrLengthIsRefused() throws {
        let (_, text) = try Self.validExport()
        let standard = Base64.encode([UInt8](repeating: 0xfb, count: 32)) // has '+' and '/'
        #expect(Self.error(Self.replacing(text, key: "id", indent: 4, with: standard))?.field == "cluster.id")
        let short = Base64.encode([UInt8](repeating: 1, count: 16), alphabet: .url)
        #expect(Self.error(Self.replacing(text, key: "id", indent: 4, with: short))?.field == "cluster.id")
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefused() throws {
        let (_, text) = try Self.validExport()
        let other = try GeneratedBundle.quick()
        let foreignKey = Base64.encode(Array(try other.certs.etcd.key.pem(.sec1).utf8))
        // certs.etcd.key is the first `key:` at eight spaces.
        let error = try #require(Self.error(Self.replacing(text, key: "key", indent: 8, with: foreignKey)))
        #expect(error.field == "certs.etcd.key")
        #expect(error.problem == "does not belong to certs.etcd.crt")
    }

    @Test func pemThatIsNotBase64IsRefusedAtItsLayer() throws {
        let (_, text) = try Self.validExport()
        let error = try #require(Self.error(Self.replacing(text, key: "crt", indent: 8, with: "not*base64")))
        #expect(error.field == "certs.etcd.crt")
        #expect(error.problem.contains("base64"))
        let notPEM = Base64.encode(Array("hello".utf8))
        let error2 = try #require(Self.error(Self.replacing(text, key: "crt", indent: 8, with: notPEM)))
        #expect(error2.field == "certs.etcd.crt")
        #expect(error2.problem.contains("not a PEM certificate"))
    }

    @Test func bothEncryptionSecretsAreRefusedAsTalosDoes() throws {
        let (bundle, text) = try Self.validExport()
        let both = text.replacingOccurrences(of: "    secretboxencryptionsecret:",
                                             with: "    aescbcencryptionsecret: \(bundle.encryptionSecret.value)\n    secretboxencryptionsecret:")
        #expect(Self.error(both)?.field == "secrets.aescbcencryptionsecret")
    }

    @Test func anOldAESCBCBundleIsReadAndWrittenBack() throws {
        let (bundle, text) = try Self.validExport()
        let old = text.replacingOccurrences(of: "    secretboxencryptionsecret:", with: "    aescbcencryptionsecret:")
        let decoded = try TalosSecretsBundle.decode(yaml: old, source: "old.yaml")
        #expect(decoded.encryptionSecret == .aescbc(bundle.encryptionSecret.value))
        let same = try decoded.encoded() == old
        #expect(same)
    }

    @Test func unknownFieldsAreRefusedRatherThanDropped() throws {
        let (_, text) = try Self.validExport()
        let error = try #require(Self.error(text + "extra:\n    thing: 1\n"))
        #expect(error.field == "extra")
    }

    @Test func invalidYAMLSaysWhereWithoutQuotingTheFile() throws {
        let error = try #require(Self.error("cluster:\n    id: [unclosed\n    secret: s3cr3tvalue\n"))
        #expect(error.field.isEmpty)
        #expect(error.problem.hasPrefix("is not valid YAML"))
        #expect(!error.description.contains("s3cr3tvalue"))
    }

    @Test func emptyInputIsRefused() {
        #expect(Self.error("")?.problem == "is empty")
        #expect(Self.error("# only a comment\n")?.problem == "is empty")
    }
}
