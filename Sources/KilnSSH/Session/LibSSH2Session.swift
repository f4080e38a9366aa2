import CSSH2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One libssh2 session and its socket, used only on the owning client's SSH thread.
///
/// The session runs in non-blocking mode: every call that would block returns EAGAIN and we poll
/// the socket ourselves in short slices. That is what lets a timeout bound every step and a
/// cancelled Swift task stop promptly, which libssh2's own blocking mode (with
/// `libssh2_session_set_timeout`) cannot do for cancellation.
final class LibSSH2Session: @unchecked Sendable {
    let raw: OpaquePointer
    let socket: Int32
    let endpoint: String
    let operationTimeout: Duration
    /// Set when an operation was abandoned half-way (timeout, cancellation): libssh2 keeps
    /// per-request state machines, so the session cannot be trusted for another request.
    private(set) var brokenReason: String?
    private var closed = false
    /// Channels whose command outlived a timeout or cancellation. libssh2 1.10 cannot send a
    /// signal to a running command (its `signal` request is 1.11+, and reusing the channel for
    /// one is refused), so the command runs on until it ends; we have sent our close, and free
    /// the channel once the server closes it too.
    private var parkedChannels: [OpaquePointer] = []

    init(raw: OpaquePointer, socket: Int32, endpoint: String, operationTimeout: Duration) {
        self.raw = raw
        self.socket = socket
        self.endpoint = endpoint
        self.operationTimeout = operationTimeout
        libssh2_session_set_blocking(raw, 0)
    }

    func deadline(after duration: Duration? = nil) -> ContinuousClock.Instant {
        .now + (duration ?? operationTimeout)
    }

    func ensureUsable(_ context: String) throws {
        if closed {
            throw SSHError(.sessionClosed, endpoint: endpoint, context: context, detail: "the session is closed")
        }
        if let brokenReason {
            throw SSHError(.sessionClosed, endpoint: endpoint, context: context,
                           detail: "the session is unusable after \(brokenReason); connect again")
        }
        reapParkedChannels()
    }

    func park(_ channel: OpaquePointer) {
        parkedChannels.append(channel)
    }

    /// Frees parked channels the server has closed meanwhile; one non-blocking attempt each.
    func reapParkedChannels() {
        parkedChannels.removeAll { libssh2_channel_free($0) != LIBSSH2_ERROR_EAGAIN }
    }

    func markBroken(_ reason: String) {
        if brokenReason == nil { brokenReason = reason }
    }

    /// Calls `body` until it stops answering EAGAIN, waiting on the socket in between.
    /// A timeout or cancellation marks the session broken (see `brokenReason`).
    func retry<R: BinaryInteger>(_ context: @autoclosure () -> String, deadline: ContinuousClock.Instant,
                                 timeoutKind: SSHError.Kind = .timeout, honorCancellation: Bool = true,
                                 markBrokenOnFailure: Bool = true, _ body: () -> R) throws -> R {
        while true {
            let rc = body()
            if rc != R(LIBSSH2_ERROR_EAGAIN) { return rc }
            try waitForSocket(context(), deadline: deadline, timeoutKind: timeoutKind, honorCancellation: honorCancellation,
                              markBrokenOnFailure: markBrokenOnFailure)
        }
    }

    /// The pointer-returning flavour: libssh2 returns NULL and sets EAGAIN as the last error.
    func retryPointer<T>(_ context: @autoclosure () -> String, deadline: ContinuousClock.Instant,
                         timeoutKind: SSHError.Kind = .timeout, _ body: () -> T?) throws -> T? {
        while true {
            if let value = body() { return value }
            guard libssh2_session_last_errno(raw) == LIBSSH2_ERROR_EAGAIN else { return nil }
            try waitForSocket(context(), deadline: deadline, timeoutKind: timeoutKind, honorCancellation: true)
        }
    }

    /// Waits until the socket is ready in the direction libssh2 is blocked on, for at most one
    /// poll slice; throws on cancellation or when the deadline has passed.
    func waitForSocket(_ context: String, deadline: ContinuousClock.Instant, timeoutKind: SSHError.Kind = .timeout,
                       honorCancellation: Bool = true, markBrokenOnFailure: Bool = true) throws {
        if (honorCancellation && Task.isCancelled) || ContinuousClock.now >= deadline {
            let cancelled = honorCancellation && Task.isCancelled
            if markBrokenOnFailure { markBroken(cancelled ? "a cancelled operation" : "a timed-out operation") }
            throw SSHError(cancelled ? .cancelled : timeoutKind, endpoint: endpoint, context: context,
                           detail: cancelled ? "cancelled" : "timed out")
        }
        let directions = libssh2_session_block_directions(raw)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        if events == 0 { events = Int16(POLLIN) }
        var pfd = pollfd(fd: socket, events: events, revents: 0)
        _ = poll(&pfd, 1, SocketConnector.sliceMilliseconds(until: deadline))
    }

    /// libssh2's last error message for this session (never contains key material).
    func lastErrorMessage() -> String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(raw, &message, &length, 0)
        let text = message.map { String(cString: $0) } ?? ""
        return text.isEmpty ? "libssh2 error \(code)" : text
    }

    func lastErrorCode() -> Int32 { libssh2_session_last_errno(raw) }

    /// Says goodbye to the server (briefly), frees the session and closes the socket.
    func close() {
        guard !closed else { return }
        closed = true
        if brokenReason == nil {
            _ = try? retry("disconnecting", deadline: .now + .seconds(2), honorCancellation: false) {
                kiln_libssh2_session_disconnect(raw, "kiln done")
            }
        }
        // With the socket shut down, whatever libssh2 still wants to send while freeing (channel
        // closes) fails at once instead of waiting on the peer.
        _ = shutdown(socket, Int32(SHUT_RDWR))
        var attempts = 0
        while libssh2_session_free(raw) == LIBSSH2_ERROR_EAGAIN && attempts < 100 { attempts += 1 }
        Glibc.close(socket)
    }
}
