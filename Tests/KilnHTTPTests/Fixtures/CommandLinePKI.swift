import Foundation
import KilnTestSupport

/// Certificates and keys made by the real `openssl` command, so the TLS tests do not depend on
/// kiln's own PKI code: a trusted CA with a server certificate for 127.0.0.1 and client
/// certificates of every key type kiln uses, a second CA whose certificates must be refused,
/// and a self-signed server certificate like the one Proxmox ships.
final class CommandLinePKI: @unchecked Sendable {
    let directory: TemporaryDirectory
    private let openssl: String

    /// One set per test process, made on a Dispatch thread: running the openssl command blocks
    /// its thread for seconds, and doing that on Swift's small cooperative pool (or behind a
    /// `static let` initialiser other tests wait on) would stall the timed tests beside it.
    static func shared() async throws -> CommandLinePKI { try await creation.value }

    private static let creation = Task<CommandLinePKI, Error> {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try CommandLinePKI() }) }
        }
    }

    private init() throws {
        directory = try TemporaryDirectory(prefix: "kiln-pki")
        openssl = try ExternalTools.require("openssl")
        try makeCA("ca")
        try makeCA("other-ca")
        try makeLeaf("server", issuer: "ca", algorithm: .ecdsa, extensions: """
            subjectAltName=IP:127.0.0.1,DNS:localhost
            extendedKeyUsage=serverAuth
            """)
        try makeLeaf("client-ed25519", issuer: "ca", algorithm: .ed25519, extensions: "extendedKeyUsage=clientAuth")
        try makeLeaf("client-ecdsa", issuer: "ca", algorithm: .ecdsa, extensions: "extendedKeyUsage=clientAuth")
        try makeLeaf("client-rsa", issuer: "ca", algorithm: .rsa, extensions: "extendedKeyUsage=clientAuth")
        try makeLeaf("client-other", issuer: "other-ca", algorithm: .ecdsa, extensions: "extendedKeyUsage=clientAuth")
        // Like a fresh Proxmox node: self-signed, named after the host, no IP SAN.
        try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                 "-keyout", path("selfsigned.key"), "-out", path("selfsigned.pem"), "-subj", "/CN=pve-node1",
                 "-days", "2"])
    }

    enum Algorithm { case ed25519, ecdsa, rsa }

    func path(_ name: String) -> String { directory.file(name) }
    func pem(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// The SHA-256 fingerprint as `openssl x509 -fingerprint` prints it (`AB:CD:…`).
    func fingerprint(_ certificate: String) throws -> String {
        let out = try run(["x509", "-in", path(certificate), "-noout", "-fingerprint", "-sha256"])
        guard let value = out.split(separator: "=").last else { return "" }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func makeCA(_ name: String) throws {
        try generateKey(name + ".key", .ecdsa)
        try run(["req", "-x509", "-new", "-key", path(name + ".key"), "-subj", "/O=kiln test \(name)",
                 "-days", "2", "-out", path(name + ".pem"),
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,digitalSignature"])
    }

    private func makeLeaf(_ name: String, issuer: String, algorithm: Algorithm, extensions: String) throws {
        try generateKey(name + ".key", algorithm)
        try run(["req", "-new", "-key", path(name + ".key"), "-subj", "/O=kiln test/CN=\(name)", "-out", path(name + ".csr")])
        try directory.write(name + ".ext", extensions + "\nbasicConstraints=CA:FALSE\n")
        try run(["x509", "-req", "-in", path(name + ".csr"), "-CA", path(issuer + ".pem"), "-CAkey", path(issuer + ".key"),
                 "-set_serial", String(Int.random(in: 1000...999_999)), "-days", "2",
                 "-extfile", path(name + ".ext"), "-out", path(name + ".pem")])
    }

    private func generateKey(_ file: String, _ algorithm: Algorithm) throws {
        let options: [String] = switch algorithm {
        case .ed25519: ["-algorithm", "ED25519"]
        case .ecdsa: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
        case .rsa: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        }
        try run(["genpkey"] + options + ["-out", path(file)])
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        try ProcessRunner.check(openssl, arguments).stdout
    }
}
