import Foundation
import KilnTestSupport

/// The real `openssl` in a private directory: the independent judge of what kiln generates.
/// Commands on private keys only ever print public parts (`-text_pub`, `-pubout`, `-noout`),
/// so neither a passing nor a failing test shows key material.
struct OpenSSLTool {
    let executable: String
    let directory: TemporaryDirectory

    init() throws {
        executable = try ExternalTools.require("openssl")
        directory = try TemporaryDirectory(prefix: "kiln-talos")
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try directory.write(name, text) }

    @discardableResult
    func run(_ arguments: String...) throws -> String {
        try ProcessRunner.check(executable, arguments, currentDirectory: directory.path).stdout
    }

    func status(_ arguments: String...) throws -> Int32 {
        try ProcessRunner.run(executable, arguments, currentDirectory: directory.path).status
    }

    /// A certificate's validity as openssl reads it (`notBefore=Oct 12 10:46:09 2023 GMT`).
    func validity(_ file: String) throws -> (notBefore: Date, notAfter: Date) {
        let lines = try run("x509", "-in", file, "-noout", "-startdate", "-enddate").split(separator: "\n")
        func date(_ prefix: String) throws -> Date {
            guard let line = lines.first(where: { $0.hasPrefix(prefix) }) else { throw Unreadable(what: prefix) }
            let text = line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "MMM d HH:mm:ss yyyy 'GMT'"
            guard let parsed = formatter.date(from: text) else { throw Unreadable(what: prefix) }
            return parsed
        }
        return (try date("notBefore="), try date("notAfter="))
    }

    struct Unreadable: Error { let what: String }
}

/// Talos's `ED25519 PRIVATE KEY` is PKCS#8 under a private label, which openssl does not know:
/// relabelled as `PRIVATE KEY` it must read as-is.
func relabelledForOpenSSL(_ pem: String) -> String {
    pem.replacingOccurrences(of: "ED25519 PRIVATE KEY", with: "PRIVATE KEY")
}
