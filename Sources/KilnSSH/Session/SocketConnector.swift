import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opens the TCP connection with a non-blocking connect, so the connect timeout and task
/// cancellation both apply (a blocking connect to a black-holed address waits minutes).
enum SocketConnector {
    /// How often a wait wakes up to look at cancellation.
    static let pollSlice = Duration.milliseconds(100)

    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant, endpoint: String) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        // DNS resolution blocks this (dedicated) thread; getaddrinfo has no timeout of its own.
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            let reason = rc == 0 ? "no addresses" : String(cString: gai_strerror(rc))
            throw SSHError(.connectFailed, endpoint: endpoint, context: "resolving \(host)", detail: reason)
        }
        defer { freeaddrinfo(list) }

        var lastError = "no usable address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            if fd < 0 { lastError = String(cString: strerror(errno)); continue }
            do {
                try connectOne(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, deadline: deadline, endpoint: endpoint)
                var one: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return fd
            } catch let error as SSHError where error.kind == .connectFailed {
                close(fd)
                lastError = error.detail ?? lastError
            } catch {
                close(fd)
                throw error
            }
        }
        throw SSHError(.connectFailed, endpoint: endpoint, context: "connecting", detail: lastError)
    }

    private static func connectOne(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
                                   deadline: ContinuousClock.Instant, endpoint: String) throws {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address, length) == 0 { return }
        guard errno == EINPROGRESS else {
            throw SSHError(.connectFailed, endpoint: endpoint, context: "connecting", detail: String(cString: strerror(errno)))
        }
        while true {
            try checkCancelledAndDeadline(deadline: deadline, endpoint: endpoint, context: "connecting",
                                          timeoutKind: .connectTimeout)
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&pfd, 1, sliceMilliseconds(until: deadline))
            if ready < 0 && errno != EINTR {
                throw SSHError(.connectFailed, endpoint: endpoint, context: "connecting", detail: String(cString: strerror(errno)))
            }
            if ready > 0 {
                var soError: Int32 = 0
                var size = socklen_t(MemoryLayout<Int32>.size)
                _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
                if soError == 0 { return }
                throw SSHError(.connectFailed, endpoint: endpoint, context: "connecting", detail: String(cString: strerror(soError)))
            }
        }
    }

    /// Milliseconds to wait in one poll: the slice, or less when the deadline is nearer.
    static func sliceMilliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = deadline - .now
        let wait = min(max(remaining, .zero), pollSlice)
        let (seconds, attoseconds) = wait.components
        return Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000) + 1
    }

    static func checkCancelledAndDeadline(deadline: ContinuousClock.Instant, endpoint: String, context: String,
                                          timeoutKind: SSHError.Kind) throws {
        if Task.isCancelled {
            throw SSHError(.cancelled, endpoint: endpoint, context: context, detail: "cancelled")
        }
        if ContinuousClock.now >= deadline {
            throw SSHError(timeoutKind, endpoint: endpoint, context: context, detail: "timed out")
        }
    }
}
