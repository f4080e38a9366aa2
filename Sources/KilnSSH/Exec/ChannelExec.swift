import CSSH2

/// Runs one command on a session channel. stdin, stdout and stderr are driven in one
/// non-blocking loop, so a command that fills one stream while we wait on another cannot
/// deadlock, and the deadline and task cancellation are checked between every round.
enum ChannelExec {
    private static let chunkSize = 32 * 1024

    static func run(_ session: LibSSH2Session, command: String, stdin: [UInt8]?, deadline: ContinuousClock.Instant,
                    maxOutputBytes: Int) throws -> SSHExecResult {
        let context = "running \(command)"
        guard let channel = try session.retryPointer("opening a channel for \(command)", deadline: deadline, {
            kiln_libssh2_channel_open_session(session.raw)
        }) else {
            throw SSHError(.channelFailed, endpoint: session.endpoint, context: "opening a channel for \(command)",
                           detail: session.lastErrorMessage())
        }
        do {
            let started = try session.retry(context, deadline: deadline) { kiln_libssh2_channel_exec(channel, command) }
            guard started == 0 else {
                throw SSHError(.channelFailed, endpoint: session.endpoint, context: context, detail: session.lastErrorMessage())
            }
            var streams = Streams(limit: maxOutputBytes)
            try pump(session, channel, stdin: stdin ?? [], streams: &streams, deadline: deadline, context: context)
            try finish(session, channel, deadline: deadline, context: context)
            let (status, signal) = exitInfo(session, channel)
            free(session, channel)
            return SSHExecResult(command: command, exitStatus: signal == nil ? status : nil, exitSignal: signal,
                                 stdout: streams.stdout, stderr: streams.stderr,
                                 stdoutTruncated: streams.stdoutTruncated, stderrTruncated: streams.stderrTruncated,
                                 endpoint: session.endpoint)
        } catch {
            abandon(session, channel)
            throw error
        }
    }

    struct Streams {
        let limit: Int
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var stdoutTruncated = false
        var stderrTruncated = false

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, stream: Int32) {
            if stream == 0 { Self.append(bytes, to: &stdout, truncated: &stdoutTruncated, limit: limit) }
            else { Self.append(bytes, to: &stderr, truncated: &stderrTruncated, limit: limit) }
        }

        private static func append(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8], truncated: inout Bool, limit: Int) {
            let room = max(0, limit - buffer.count)
            if bytes.count > room { truncated = true }
            buffer.append(contentsOf: bytes.prefix(room))
        }
    }

    /// Feeds stdin and drains both output streams until the server sends end-of-file.
    private static func pump(_ session: LibSSH2Session, _ channel: OpaquePointer, stdin: [UInt8],
                             streams: inout Streams, deadline: ContinuousClock.Instant, context: String) throws {
        var written = 0
        var eofSent = false
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while true {
            var progressed = false
            if written < stdin.count {
                let n = stdin.withUnsafeBufferPointer { input in
                    input.withMemoryRebound(to: CChar.self) { chars -> Int in
                        guard let base = chars.baseAddress else { return 0 }
                        return kiln_libssh2_channel_write(channel, base + written, min(chunkSize, stdin.count - written))
                    }
                }
                if n > 0 { written += n; progressed = true }
                // The command may exit without reading all its input; that is its business.
                else if n != Int(LIBSSH2_ERROR_EAGAIN) { written = stdin.count }
            }
            if written >= stdin.count && !eofSent {
                let rc = kiln_libssh2_channel_send_eof(channel)
                if rc != LIBSSH2_ERROR_EAGAIN { eofSent = true; progressed = true }
            }
            for stream: Int32 in [0, 1] {
                while true {
                    let n = buffer.withMemoryRebound(to: CChar.self) { chars in
                        stream == 0 ? kiln_libssh2_channel_read(channel, chars.baseAddress, chars.count)
                                    : kiln_libssh2_channel_read_stderr(channel, chars.baseAddress, chars.count)
                    }
                    if n > 0 {
                        streams.append(UnsafeBufferPointer(rebasing: buffer[0..<n]), stream: stream)
                        progressed = true
                        continue
                    }
                    if n == 0 || n == Int(LIBSSH2_ERROR_EAGAIN) { break }
                    throw SSHError(.channelFailed, endpoint: session.endpoint, context: context,
                                   detail: "reading output: \(session.lastErrorMessage())")
                }
            }
            if libssh2_channel_eof(channel) != 0 { return }
            if progressed { continue }
            if Task.isCancelled {
                throw SSHError(.cancelled, endpoint: session.endpoint, context: context, detail: "cancelled")
            }
            if ContinuousClock.now >= deadline {
                throw SSHError(.timeout, endpoint: session.endpoint, context: context, detail: "the command did not finish in time")
            }
            try session.waitForSocket(context, deadline: deadline, markBrokenOnFailure: false)
        }
    }

    /// Closes our side and waits for the server's close, which carries the exit status.
    private static func finish(_ session: LibSSH2Session, _ channel: OpaquePointer, deadline: ContinuousClock.Instant,
                               context: String) throws {
        _ = try session.retry(context, deadline: deadline) { libssh2_channel_close(channel) }
        _ = try session.retry(context, deadline: deadline) { libssh2_channel_wait_closed(channel) }
    }

    private static func exitInfo(_ session: LibSSH2Session, _ channel: OpaquePointer) -> (Int32, String?) {
        let status = libssh2_channel_get_exit_status(channel)
        var signal: UnsafeMutablePointer<CChar>?
        var signalLength = 0
        _ = libssh2_channel_get_exit_signal(channel, &signal, &signalLength, nil, nil, nil, nil)
        var name: String?
        if let signal {
            if signalLength > 0 {
                name = String(decoding: UnsafeBufferPointer(start: signal, count: signalLength).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            libssh2_free(session.raw, signal)
        }
        return (status, name)
    }

    private static func free(_ session: LibSSH2Session, _ channel: OpaquePointer) {
        do {
            _ = try session.retry("freeing a channel", deadline: .now + .seconds(2), honorCancellation: false) {
                libssh2_channel_free(channel)
            }
        } catch {
            session.markBroken("a channel that could not be released")
        }
    }

    /// After a timeout, cancellation or error: send our close and free the channel if the server
    /// closes it within a short grace period (the command ended, or died of SIGPIPE writing to a
    /// closed channel). Otherwise park it: the session stays usable for other requests.
    private static func abandon(_ session: LibSSH2Session, _ channel: OpaquePointer) {
        let grace = ContinuousClock.now + .milliseconds(500)
        do {
            _ = try session.retry("closing an abandoned channel", deadline: grace, honorCancellation: false,
                                  markBrokenOnFailure: false) {
                libssh2_channel_close(channel)
            }
            _ = try session.retry("freeing an abandoned channel", deadline: grace, honorCancellation: false,
                                  markBrokenOnFailure: false) {
                libssh2_channel_free(channel)
            }
        } catch {
            session.park(channel)
        }
    }
}
