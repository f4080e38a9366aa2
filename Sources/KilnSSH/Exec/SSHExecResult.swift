/// How a remote command ended and what it printed.
public struct SSHExecResult: Sendable {
    public let command: String
    /// The exit status, or nil when the command was killed by a signal or the server sent none.
    public let exitStatus: Int32?
    /// The signal name without "SIG" (e.g. "TERM") when the command was killed by one.
    public let exitSignal: String?
    public let stdout: [UInt8]
    public let stderr: [UInt8]
    /// Set when the command printed more than `maxOutputBytes` and the rest was discarded.
    public let stdoutTruncated: Bool
    public let stderrTruncated: Bool
    let endpoint: String

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public var succeeded: Bool { exitStatus == 0 && exitSignal == nil }

    /// Returns self when the command succeeded, else throws `.commandFailed` with the end of stderr.
    @discardableResult
    public func checked() throws -> SSHExecResult {
        if succeeded { return self }
        let how = exitSignal.map { "was killed by SIG\($0)" } ?? "exited with status \(exitStatus.map(String.init) ?? "unknown")"
        let tail = String(stderrText.suffix(2000)).trimmingWhitespace()
        throw SSHError(.commandFailed, endpoint: endpoint, context: "running \(command)",
                       detail: tail.isEmpty ? how : "\(how): \(tail)")
    }
}
