import Foundation
import KilnCrypto

/// A parsed OpenSSH known_hosts file. kiln reads it itself (instead of `libssh2_knownhost`) so
/// that matching, hashed names, markers and error messages behave like OpenSSH and are tested.
public struct KnownHosts: Sendable {
    public struct Entry: Sendable {
        public enum Marker: Sendable, Equatable {
            case none
            /// `@revoked`: this key must never be accepted for the matching hosts.
            case revoked
            /// `@cert-authority`: a CA for host certificates; kiln does not do certificates,
            /// so these lines never match a plain host key.
            case certAuthority
        }

        public enum Hosts: Sendable {
            /// A comma-separated pattern list, e.g. `pve1,10.0.0.5,[10.0.0.*]:2222,!10.0.0.9`.
            case patterns(String)
            /// `|1|salt|hash`: HMAC-SHA1 of the lookup name under the salt.
            case hashed(salt: [UInt8], hash: [UInt8])
        }

        public let line: Int
        public let marker: Marker
        public let hosts: Hosts
        public let keyType: SSHKeyType
        public let keyBlob: [UInt8]

        public var fingerprint: String { SSHFingerprint.sha256(ofKeyBlob: keyBlob) }

        /// Whether this line's host field covers `host` on `port`.
        public func matches(host: String, port: Int) -> Bool {
            let name = HostPattern.lookupName(host: host, port: port)
            switch hosts {
            case .patterns(let list):
                return HostPattern.listMatches(list, name: name)
            case .hashed(let salt, let hash):
                return constantTimeEquals(Digest.sha1.hmac(key: salt, Array(name.utf8)), hash)
            }
        }
    }

    /// A line kiln could not use, with its 1-based number. OpenSSH skips such lines too; kiln
    /// keeps them so error messages can point at them.
    public struct Issue: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public let path: String?
    public let entries: [Entry]
    public let issues: [Issue]

    /// Reads a known_hosts file; a missing file is an empty one (like OpenSSH).
    public static func load(path: String) throws -> KnownHosts {
        guard FileManager.default.fileExists(atPath: path) else {
            return KnownHosts(path: path, entries: [], issues: [])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KnownHostsReadError(path: path)
        }
        return parse(String(decoding: data, as: UTF8.self), path: path)
    }

    struct KnownHostsReadError: Error { let path: String }

    public static func parse(_ text: String, path: String? = nil) -> KnownHosts {
        var entries: [Entry] = []
        var issues: [Issue] = []
        // "\r\n" is one Character in Swift, so name it explicitly: CRLF files keep their line numbers.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            switch parseLine(line, number: lineNumber) {
            case .success(let entry): entries.append(entry)
            case .failure(let issue): issues.append(issue)
            }
        }
        return KnownHosts(path: path, entries: entries, issues: issues)
    }

    /// Entries (other than `@cert-authority`) whose host field covers host:port.
    public func entries(forHost host: String, port: Int) -> [Entry] {
        entries.filter { $0.marker != .certAuthority && $0.matches(host: host, port: port) }
    }

    private static func parseLine(_ line: String, number: Int) -> Result<Entry, Issue> {
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var marker = Entry.Marker.none
        if let first = fields.first, first.hasPrefix("@") {
            switch first {
            case "@revoked": marker = .revoked
            case "@cert-authority": marker = .certAuthority
            default: return .failure(Issue(line: number, message: "unknown marker \(first)"))
            }
            fields.removeFirst()
        }
        guard fields.count >= 3 else {
            return .failure(Issue(line: number, message: "expected host patterns, key type and base64 key"))
        }
        let hostField = fields[0], typeField = fields[1], keyField = fields[2]
        guard let keyType = SSHKeyType(rawValue: typeField) else {
            return .failure(Issue(line: number, message: "unsupported key type \(typeField)"))
        }
        guard let blob = try? Base64.decode(keyField), !blob.isEmpty else {
            return .failure(Issue(line: number, message: "key is not valid base64"))
        }
        // The blob starts with its own type name; a mismatch means a corrupted or edited line.
        guard let embedded = SSHWire.firstString(blob), embedded == typeField else {
            return .failure(Issue(line: number, message: "key data does not hold a \(typeField) key"))
        }
        let hosts: Entry.Hosts
        if hostField.hasPrefix("|") {
            guard let hashed = parseHashed(hostField) else {
                return .failure(Issue(line: number, message: "malformed hashed host name (expected |1|salt|hash)"))
            }
            hosts = hashed
        } else {
            hosts = .patterns(hostField)
        }
        return .success(Entry(line: number, marker: marker, hosts: hosts, keyType: keyType, keyBlob: blob))
    }

    private static func parseHashed(_ field: String) -> Entry.Hosts? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "1",
              let salt = try? Base64.decode(String(parts[2])),
              let hash = try? Base64.decode(String(parts[3])),
              salt.count == 20, hash.count == 20 else { return nil }
        return .hashed(salt: salt, hash: hash)
    }
}

/// Just enough of the SSH wire format (RFC 4251 §5) to read key blobs.
enum SSHWire {
    /// The first `string` of a blob: its key type name.
    static func firstString(_ blob: [UInt8]) -> String? {
        var reader = Reader(blob)
        return reader.readString().map { String(decoding: $0, as: UTF8.self) }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { offset >= bytes.count }

        mutating func readUInt32() -> UInt32? {
            guard bytes.count - offset >= 4 else { return nil }
            let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            offset += 4
            return value
        }

        mutating func readString() -> [UInt8]? {
            guard let length = readUInt32(), UInt64(length) <= UInt64(bytes.count - offset) else { return nil }
            let value = Array(bytes[offset..<offset + Int(length)])
            offset += Int(length)
            return value
        }

        mutating func readBytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, bytes.count - offset >= count else { return nil }
            let value = Array(bytes[offset..<offset + count])
            offset += count
            return value
        }
    }
}
