/// A task id, `UPID:node:pid:pstart:starttime:type:id:user:`. The node in it is where the task
/// runs, and where its status is polled.
public struct UPID: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public let node: String
    /// Process id and start time of the worker, hexadecimal in the UPID.
    public let pid: Int
    public let processStart: Int
    /// Unix time the task started.
    public let startTime: Int
    /// `qmclone`, `qmstart`, `qmdestroy`…
    public let type: String
    /// The object the task works on, usually a VMID; empty for some tasks.
    public let id: String
    /// Who started it, e.g. `root@pam!kiln`.
    public let user: String

    /// Parses `text`; nil unless it is a well-formed UPID.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        // UPID : node : pid : pstart : starttime : type : id : user : (trailing empty field)
        guard parts.count >= 8, parts[0] == "UPID", !parts[1].isEmpty,
              let pid = Int(parts[2], radix: 16), let pstart = Int(parts[3], radix: 16),
              let start = Int(parts[4], radix: 16), !parts[5].isEmpty, !parts[7].isEmpty
        else { return nil }
        // The user field may itself contain `:` only in exotic realms; keep everything after `id`.
        let user = parts[7...].joined(separator: ":")
        rawValue = text
        node = parts[1]
        self.pid = pid
        processStart = pstart
        startTime = start
        type = parts[5]
        id = parts[6]
        self.user = user.hasSuffix(":") ? String(user.dropLast()) : user
    }

    public var description: String { rawValue }
}
