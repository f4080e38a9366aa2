import Foundation

/// Finds the real programs the tests use as peers and checkers (`openssl`, `sshd`, `nghttpd`…).
/// `make test` installs them (`make deps`); a missing one is a setup error, reported as such.
public enum ExternalTools {
    public static let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin"]

    public static func find(_ name: String) -> String? {
        for dir in searchPath {
            let candidate = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public struct Missing: Error, CustomStringConvertible {
        public let tool: String
        public var description: String {
            "\(tool) is not installed; `make deps` installs the test peers (openssl, openssh-server, nghttp2-server)"
        }
    }

    public static func require(_ name: String) throws -> String {
        guard let path = find(name) else { throw Missing(tool: name) }
        return path
    }
}
