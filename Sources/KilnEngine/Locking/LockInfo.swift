import Foundation

/// Who holds a cluster's state lock: written into the lock file by the holder, shown to anyone
/// who finds the state locked. `id` is what `kiln force-unlock` takes.
public struct LockInfo: Codable, Hashable, Sendable, CustomStringConvertible {
    public var id: UUID
    /// What the holder is doing: "apply", "plan", "state rm"…
    public var operation: String
    public var user: String
    public var host: String
    public var pid: Int32
    public var created: Date

    public init(id: UUID = UUID(), operation: String, user: String = HostIdentity.user, host: String = HostIdentity.host,
                pid: Int32 = getpid(), created: Date = Date()) {
        self.id = id
        self.operation = operation
        self.user = user
        self.host = host
        self.pid = pid
        // Stored to the second (ISO 8601).
        self.created = Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down))
    }

    /// "`apply` by alice@build-1 (pid 4242) since 2025-05-01T10:00:00Z, lock ID …"
    public var description: String {
        "`\(operation)` by \(user)@\(host) (pid \(pid)) since \(ISO8601DateFormatter().string(from: created)), lock ID \(id.uuidString)"
    }

    /// True when the holder ran on this host and its process is gone.
    public var holderIsDead: Bool { host == HostIdentity.host && !HostIdentity.isAlive(pid) }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    /// nil for an empty or unreadable file (a holder that has not written its info yet).
    static func decode(_ bytes: [UInt8]) -> LockInfo? {
        guard !bytes.isEmpty else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(LockInfo.self, from: Data(bytes))
    }
}

/// This process's user, host and liveness checks for other processes.
public enum HostIdentity {
    public static let user: String = {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }()

    public static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Whether a process with this pid exists on this host (EPERM: it exists, owned by someone else).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
