import Foundation
import KilnCrypto
import KilnTestSupport
import Testing

/// OpenSSH Ed25519 keys, cross-checked with the real `ssh-keygen`.
struct OpenSSHKeyTests {
    @Test func sshKeygenDerivesKilnsPublicLine() throws {
        let sshKeygen = try ExternalTools.require("ssh-keygen")
        let directory = try TemporaryDirectory(prefix: "kiln-ssh")
        let key = try OpenSSHEd25519Key.generate(comment: "flux@kiln")
        let path = try directory.write("id_ed25519", key.openSSHPEM())
        let derived = try ProcessRunner.check(sshKeygen, ["-y", "-f", path]).stdout
        #expect(derived.trimmingCharacters(in: .newlines) == key.publicLine)
        #expect(key.publicLine.hasPrefix("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"))
        #expect(key.publicLine.hasSuffix(" flux@kiln"))
    }

    @Test func sshKeygenPrintsKilnsFingerprint() throws {
        let sshKeygen = try ExternalTools.require("ssh-keygen")
        let directory = try TemporaryDirectory(prefix: "kiln-ssh")
        let key = try OpenSSHEd25519Key.generate(comment: "deploy")
        let path = try directory.write("id_ed25519", key.openSSHPEM())
        // "256 SHA256:… deploy (ED25519)"
        let output = try ProcessRunner.check(sshKeygen, ["-l", "-E", "sha256", "-f", path]).stdout
        let fields = output.split(separator: " ")
        #expect(fields.count >= 2 && String(fields[1]) == key.fingerprint)
        #expect(key.fingerprint.hasPrefix("SHA256:") && !key.fingerprint.hasSuffix("="))
        // The public line alone gives the same fingerprint.
        let publicPath = try directory.write("id_ed25519.pub", key.publicLine + "\n")
        #expect(try ProcessRunner.check(sshKeygen, ["-l", "-E", "sha256", "-f", publicPath]).stdout == output)
    }

    @Test func kilnReadsAKeySSHKeygenMade() throws {
        let sshKeygen = try ExternalTools.require("ssh-keygen")
        let directory = try TemporaryDirectory(prefix: "kiln-ssh")
        let path = directory.file("id_ed25519")
        try ProcessRunner.check(sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", "made by ssh-keygen", "-f", path])
        let key = try OpenSSHEd25519Key(pem: try String(contentsOfFile: path, encoding: .utf8))
        let publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        #expect(key.publicLine == publicLine.trimmingCharacters(in: .newlines))
        #expect(key.comment == "made by ssh-keygen")
        // The generic private key reader accepts it too.
        #expect(try PrivateKey(pem: try String(contentsOfFile: path, encoding: .utf8)).publicKey == key.privateKey.publicKey)
    }

    @Test func kilnRefusesAPassphraseProtectedKey() throws {
        let sshKeygen = try ExternalTools.require("ssh-keygen")
        let directory = try TemporaryDirectory(prefix: "kiln-ssh")
        let path = directory.file("id_ed25519")
        try ProcessRunner.check(sshKeygen, ["-q", "-t", "ed25519", "-N", "correct horse", "-f", path])
        let error = #expect(throws: CryptoError.self) { try OpenSSHEd25519Key(pem: try String(contentsOfFile: path, encoding: .utf8)) }
        #expect(error?.kind == .unsupported)
        #expect(error?.description.contains("encrypted") == true)
    }

    @Test func writtenFileHasTheOpenSSHLayout() throws {
        let key = try OpenSSHEd25519Key.generate(comment: "layout")
        let text = try key.openSSHPEM()
        let lines = text.split(separator: "\n")
        #expect(lines.first == "-----BEGIN OPENSSH PRIVATE KEY-----")
        #expect(lines.last == "-----END OPENSSH PRIVATE KEY-----")
        let body = lines.dropFirst().dropLast()
        #expect(body.dropLast().allSatisfy { $0.count == 70 })
        #expect((body.last?.count ?? 0) <= 70)
        let bytes = try Base64.decode(body.joined())
        #expect(Array(bytes.prefix(15)) == Array("openssh-key-v1\0".utf8))
        // After the magic: string "none" (cipher), string "none" (kdf).
        #expect(Array(bytes[15..<31]) == [0, 0, 0, 4] + Array("none".utf8) + [0, 0, 0, 4] + Array("none".utf8))
    }

    @Test func writeThenReadKeepsKeyAndComment() throws {
        let key = try OpenSSHEd25519Key.generate(comment: "round trip")
        let reread = try OpenSSHEd25519Key(pem: key.openSSHPEM())
        #expect(reread.comment == "round trip")
        #expect(reread.privateKey.publicKey == key.privateKey.publicKey)
        #expect(reread.fingerprint == key.fingerprint)
    }

    @Test func twoWritesDifferOnlyByTheirRandomCheckInts() throws {
        let key = try OpenSSHEd25519Key.generate()
        let a = try Base64.decode(key.openSSHPEM().split(separator: "\n").dropFirst().dropLast().joined())
        let b = try Base64.decode(key.openSSHPEM().split(separator: "\n").dropFirst().dropLast().joined())
        let differing = zip(a, b).enumerated().filter { $1.0 != $1.1 }.map(\.offset)
        #expect(a.count == b.count)
        #expect(!differing.isEmpty && differing.count <= 8, "only the two check ints may differ")
    }

    @Test func onlyEd25519KeysCanBeOpenSSHKeys() throws {
        let error = #expect(throws: CryptoError.self) { try OpenSSHEd25519Key(privateKey: PrivateKey.generate(.ecdsaP256)) }
        #expect(error?.kind == .invalidArgument)
    }

    @Test func descriptionIsRedacted() throws {
        let key = try OpenSSHEd25519Key.generate(comment: "x")
        #expect(key.description.contains("redacted"))
        #expect(key.description.contains(key.fingerprint))
    }

    @Test func truncatedFileIsMalformed() throws {
        let text = try OpenSSHEd25519Key.generate().openSSHPEM()
        var lines = text.split(separator: "\n").map(String.init)
        lines.remove(at: 3) // drop a middle body line
        let error = #expect(throws: CryptoError.self) { try OpenSSHEd25519Key(pem: lines.joined(separator: "\n")) }
        #expect(error?.kind == .malformedInput)
    }
}
