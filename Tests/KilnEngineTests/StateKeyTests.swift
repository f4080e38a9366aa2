import Foundation
import KilnCrypto
import KilnEngine
import KilnTestSupport
import Testing

@Suite("State key")
struct StateKeyTests {
    let home: TemporaryDirectory

    init() throws { home = try TemporaryDirectory(prefix: "kiln-home") }

    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).flatMap { $0 }
    }

    @Test func theEnvironmentVariableHoldsTheKey() throws {
        let bytes = try AES256GCM.generateKey()
        let resolution = try StateKeyLoader.resolve(environment: ["KILN_STATE_KEY": Base64.encode(bytes) + "\n", "HOME": home.path])
        #expect(resolution.key.id == Hex.encode(Digest.sha256.hash(bytes).prefix(8)))
        #expect(resolution.key.id.count == 16)
        #expect(resolution.key.source == .environment(variable: "KILN_STATE_KEY"))
        #expect(resolution.notice == nil)
        #expect(!FileManager.default.fileExists(atPath: home.file(".config/kiln/state.key")))
    }

    @Test(arguments: [
        ("not base64 at all!", "is not base64"),
        ("AAAA", "holds 3 bytes, but a state key is 32 bytes"),
        ("", "is empty"),
    ])
    func aMalformedEnvironmentKeyNamesTheVariableAndTheFix(value: String, expected: String) throws {
        #expect { try StateKeyLoader.resolve(environment: ["KILN_STATE_KEY": value, "HOME": home.path]) } throws: { error in
            let text = "\(error)"
            return text.contains("KILN_STATE_KEY") && text.contains(expected) && text.contains("head -c 32 /dev/urandom | base64")
                && (value.isEmpty || !text.contains(value))
        }
    }

    @Test func theKeyFileIsCreatedPrivatelyOnFirstUseWithANotice() throws {
        let environment = ["HOME": home.path]
        let first = try StateKeyLoader.resolve(environment: environment)
        let path = home.file(".config/kiln/state.key")
        #expect(first.key.source == .file(path: path))
        #expect(mode(path) == 0o600)
        #expect(mode(home.file(".config/kiln")) == 0o700)
        let notice = try #require(first.notice)
        #expect(notice.contains(path) && notice.contains("back it up") && notice.contains(first.key.id))
        #expect(!notice.contains(first.key.base64))
        let content = try String(contentsOfFile: path, encoding: .utf8)
        #expect(content == first.key.base64 + "\n")
        #expect(try Base64.decode(content).count == 32)

        // Second use: the same key, no notice, no leftovers.
        let second = try StateKeyLoader.resolve(environment: environment)
        #expect(second.key.id == first.key.id && second.notice == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.file(".config/kiln")) == ["state.key"])
    }

    @Test func xdgConfigHomeIsUsedWhenSet() throws {
        let resolution = try StateKeyLoader.resolve(environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.file("xdg")])
        #expect(resolution.key.source == .file(path: home.file("xdg/kiln/state.key")))
    }

    @Test func anExplicitKeyFileWinsOverTheEnvironment() throws {
        let fileKey = try StateKey.generate()
        let path = try home.write("my.key", fileKey.base64 + "\n")
        let environmentKey = try StateKey.generate()
        let resolution = try StateKeyLoader.resolve(environment: ["KILN_STATE_KEY": environmentKey.base64], keyFile: path)
        #expect(resolution.key.id == fileKey.id)
        #expect(resolution.notice == nil)
    }

    @Test func aKeyFileReadableByOthersGetsAWarning() throws {
        let path = try home.write("open.key", try StateKey.generate().base64, mode: 0o644)
        let notice = try #require(try StateKeyLoader.resolve(environment: [:], keyFile: path).notice)
        #expect(notice.contains("chmod 600"))
    }

    @Test func aMalformedKeyFileNamesTheFile() throws {
        let path = try home.write("bad.key", "AAAA\n")
        #expect { try StateKeyLoader.resolve(environment: [:], keyFile: path) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("32 bytes")
        }
    }

    @Test func printingAKeyShowsItsIdOnly() throws {
        let key = try StateKey.generate()
        #expect("\(key)".contains(key.id))
        #expect(!"\(key)".contains(key.base64))
        #expect(!String(reflecting: key).contains(key.base64))
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("bytes"))
    }
}
