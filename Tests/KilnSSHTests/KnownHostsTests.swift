import Foundation
import KilnCrypto
@testable import KilnSSH
import Testing

@Suite("known_hosts parsing and matching")
struct KnownHostsTests {
    // A real ed25519 key blob (type string + 32 bytes), base64.
    static let ed25519Blob: [UInt8] = [0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 32] + (0..<32).map { UInt8($0) }
    static let otherBlob: [UInt8] = [0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 32] + (0..<32).map { UInt8(200 - $0) }
    static let key = "ssh-ed25519 " + Base64.encode(ed25519Blob)
    static let other = "ssh-ed25519 " + Base64.encode(otherBlob)

    private func matches(_ patterns: String, _ host: String, _ port: Int = 22) -> Bool {
        let known = KnownHosts.parse("\(patterns) \(Self.key)\n")
        #expect(known.issues.isEmpty, "\(known.issues)")
        return !known.entries(forHost: host, port: port).isEmpty
    }

    @Test("plain names, comma lists and case")
    func plainPatterns() {
        #expect(matches("pve1", "pve1"))
        #expect(matches("PVE1", "pve1"))
        #expect(matches("pve1,10.0.0.5", "10.0.0.5"))
        #expect(!matches("pve1,10.0.0.5", "10.0.0.50"))
        #expect(!matches("pve1", "pve2"))
    }

    @Test("[host]:port is required for ports other than 22")
    func ports() {
        #expect(matches("[10.0.0.5]:2222", "10.0.0.5", 2222))
        #expect(!matches("[10.0.0.5]:2222", "10.0.0.5", 22))
        #expect(!matches("10.0.0.5", "10.0.0.5", 2222))
        #expect(matches("[10.0.0.5]:22", "10.0.0.5", 22) == false)  // OpenSSH records port 22 bare
    }

    @Test("wildcards * and ?")
    func wildcards() {
        #expect(matches("*.lab.example", "pve1.lab.example"))
        #expect(!matches("*.lab.example", "lab.example"))
        #expect(matches("10.0.0.?", "10.0.0.7"))
        #expect(!matches("10.0.0.?", "10.0.0.17"))
        #expect(matches("[10.0.0.*]:2222", "10.0.0.17", 2222))
        #expect(matches("*", "anything"))
        #expect(HostPattern.glob(Array("a*b*c".utf8), Array("aXXbYYc".utf8)))
        #expect(!HostPattern.glob(Array("a*b*c".utf8), Array("aXXbYY".utf8)))
    }

    @Test("negation vetoes the whole line, and alone never matches")
    func negation() {
        #expect(matches("10.0.0.*,!10.0.0.9", "10.0.0.8"))
        #expect(!matches("10.0.0.*,!10.0.0.9", "10.0.0.9"))
        #expect(!matches("!10.0.0.9", "10.0.0.8"))
    }

    @Test("hashed names: HMAC-SHA1 of the lookup name under the salt")
    func hashed() throws {
        let salt = (0..<20).map { UInt8($0 * 3) }
        func line(for name: String) -> String {
            "|1|\(Base64.encode(salt))|\(Base64.encode(Digest.sha1.hmac(key: salt, Array(name.utf8)))) \(Self.key)"
        }
        let known = KnownHosts.parse([line(for: "pve1"), line(for: "[10.0.0.5]:2222")].joined(separator: "\n"))
        #expect(known.issues.isEmpty)
        #expect(known.entries(forHost: "pve1", port: 22).map(\.line) == [1])
        #expect(known.entries(forHost: "PVE1", port: 22).map(\.line) == [1])
        #expect(known.entries(forHost: "10.0.0.5", port: 2222).map(\.line) == [2])
        #expect(known.entries(forHost: "10.0.0.5", port: 22).isEmpty)
        #expect(known.entries(forHost: "pve2", port: 22).isEmpty)
    }

    @Test("markers, comments, blank lines and CRLF keep line numbers right")
    func markersAndComments() {
        let text = "# header\r\n\r\n   \n@revoked * \(Self.other)\r\n@cert-authority *.lab \(Self.other)\npve1 \(Self.key) root@pve1\n"
        let known = KnownHosts.parse(text)
        #expect(known.issues.isEmpty, "\(known.issues)")
        #expect(known.entries.map(\.line) == [4, 5, 6])
        #expect(known.entries.map(\.marker) == [.revoked, .certAuthority, .none])
        // @cert-authority lines never take part in host-key matching.
        #expect(known.entries(forHost: "pve1.lab", port: 22).map(\.line) == [4])
    }

    @Test("verdicts: trusted, unknown, changed, revoked")
    func verdicts() throws {
        let presented = PresentedHostKey(type: .ed25519, blob: Self.ed25519Blob)
        func verdict(_ text: String) -> String {
            switch HostKeyVerifier.verdict(for: presented, host: "pve1", port: 22, in: KnownHosts.parse(text)) {
            case .trusted: "trusted"
            case .unknown: "unknown"
            case .changed(let recorded): "changed \(recorded.map(\.line))"
            case .revoked(let entry): "revoked \(entry.line)"
            }
        }
        #expect(verdict("pve1 \(Self.key)") == "trusted")
        #expect(verdict("pve2 \(Self.key)") == "unknown")
        #expect(verdict("pve2 \(Self.key)\npve1 \(Self.other)") == "changed [2]")
        #expect(verdict("pve1 \(Self.other)\npve1 \(Self.key)") == "trusted")
        #expect(verdict("pve1 \(Self.key)\n@revoked pve1 \(Self.key)") == "revoked 2")
        #expect(verdict("@cert-authority pve1 \(Self.key)") == "unknown")
    }

    @Test("malformed lines are reported with their line numbers and skipped")
    func malformed() {
        let text = """
        pve1 \(Self.key)
        pve2 ssh-ed25519
        pve3 ssh-ed25519 not*base64
        @bogus pve4 \(Self.key)
        pve5 ssh-dss AAAAB3NzaC1kc3M=
        |1|short|hash \(Self.key)
        pve6 ssh-rsa \(Base64.encode(Self.ed25519Blob))
        """
        let known = KnownHosts.parse(text)
        #expect(known.entries.map(\.line) == [1])
        #expect(known.issues.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(known.issues.map(\.description) == [
            "line 2: expected host patterns, key type and base64 key",
            "line 3: key is not valid base64",
            "line 4: unknown marker @bogus",
            "line 5: unsupported key type ssh-dss",
            "line 6: malformed hashed host name (expected |1|salt|hash)",
            "line 7: key data does not hold a ssh-rsa key",
        ])
    }

    @Test("fingerprints match OpenSSH's format and pinned input is normalised")
    func fingerprints() {
        let fingerprint = SSHFingerprint.sha256(ofKeyBlob: Self.ed25519Blob)
        #expect(fingerprint.hasPrefix("SHA256:"))
        #expect(!fingerprint.hasSuffix("="))
        #expect(fingerprint.count == 7 + 43)
        #expect(SSHFingerprint.normalized(" sha256:\(fingerprint.dropFirst(7))= ") == fingerprint)
    }

    @Test("known types for the host are offered first in the handshake")
    func algorithmPreference() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-kh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("known_hosts").path
        let rsaBlob: [UInt8] = [0, 0, 0, 7] + Array("ssh-rsa".utf8) + [0, 0, 0, 1, 3, 0, 0, 0, 1, 7]
        try "pve1 ssh-rsa \(Base64.encode(rsaBlob))\n".write(toFile: path, atomically: true, encoding: .utf8)
        let known = HostKeyVerifier.preferredAlgorithms(policy: .knownHostsFile(path), host: "pve1", port: 22)
        #expect(Array(known.prefix(4)) == ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519"])
        let fresh = HostKeyVerifier.preferredAlgorithms(policy: .knownHostsFile(path), host: "pve2", port: 22)
        #expect(fresh.first == "ssh-ed25519")
    }
}
