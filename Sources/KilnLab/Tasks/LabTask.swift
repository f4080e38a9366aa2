import Foundation

/// A task as `/nodes/{node}/tasks/{upid}/status` and `…/log` show it.
public struct LabTask: Sendable {
    public let upid: UPID
    public var running = true
    /// `OK`, `WARNINGS: n`, or the error message once stopped.
    public var exitStatus: String?
    public var log: [String] = []
    public var endTime: Date?

    public init(upid: UPID) { self.upid = upid }

    var statusJSON: JSON {
        var object: [String: JSON] = [
            "upid": .string(upid.description), "node": .string(upid.node), "pid": .int(upid.pid),
            "pstart": .int(upid.pstart), "starttime": .int(upid.startTime), "type": .string(upid.type),
            "id": .string(upid.id), "user": .string(upid.user), "status": running ? "running" : "stopped",
        ]
        if let exitStatus { object["exitstatus"] = .string(exitStatus) }
        if let endTime { object["endtime"] = .int(Int(endTime.timeIntervalSince1970)) }
        return .object(object)
    }
}

/// Why a task ended badly: its message becomes the exit status and the log's `TASK ERROR:` line.
struct TaskFailure: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
