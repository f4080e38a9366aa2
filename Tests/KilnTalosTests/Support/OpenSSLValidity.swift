import Foundation
import KilnTestSupport

extension OpenSSLCLI {
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
}

struct Unreadable: Error { let what: String }

/// Talos's `ED25519 PRIVATE KEY` is PKCS#8 under a private label, which openssl does not know:
/// relabelled as `PRIVATE KEY` it must read as-is.
func relabelledForOpenSSL(_ pem: String) -> String {
    pem.replacingOccurrences(of: "ED25519 PRIVATE KEY", with: "PRIVATE KEY")
}
