import Foundation
import KilnHTTP
import KilnTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Timeouts and cancellation")
struct TimeoutAndCancellationTests {
    @Test func aSlowResponseHitsTheRequestTimeout() async throws {
        let server = try TestHTTPServer { _ in .init(body: Data("late".utf8), delay: 60) }
        let client = try HTTPClient(configuration: .init(requestTimeout: .milliseconds(300)))
        let started = ContinuousClock.now
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: server.baseURL)) }
        #expect(error?.kind == .requestTimeout)
        // Far below the server's delay, with room for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func aPerRequestTimeoutOverridesTheClients() async throws {
        let server = try TestHTTPServer { _ in .init(body: Data("late".utf8), delay: 1) }
        let client = try HTTPClient(configuration: .init(requestTimeout: .milliseconds(200)))
        let response = try await client.send(HTTPRequest(url: server.baseURL, timeout: .seconds(10)))
        #expect(response.status == 200)
    }

    @Test func aServerThatNeverCompletesTheHandshakeHitsTheConnectTimeout() async throws {
        // A listener that accepts TCP (the kernel does, from the backlog) but never speaks TLS.
        let silent = try SilentListener()
        let client = try HTTPClient(configuration: .init(connectTimeout: .milliseconds(300)))
        let started = ContinuousClock.now
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: URL(string: "https://127.0.0.1:\(silent.port)/")!))
        }
        #expect(error?.kind == .connectTimeout)
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try TestHTTPServer { _ in .init(body: Data(count: 1 << 20), delay: 30) }
        let client = try HTTPClient()
        let task = Task { try await client.send(HTTPRequest(url: server.baseURL)) }
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let started = ContinuousClock.now
        task.cancel()
        let error = await #expect(throws: HTTPError.self) { try await task.value }
        #expect(error?.kind == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test func aTaskCancelledBeforeItStartsNeverSendsTheRequest() async throws {
        let server = try TestHTTPServer { _ in .text("ok") }
        let client = try HTTPClient()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(url: server.baseURL))
        }
        let error = await #expect(throws: HTTPError.self) { try await task.value }
        #expect(error?.kind == .cancelled)
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.requests.isEmpty)
    }

    @Test func slowTransfersDoNotHoldSwiftsThreads() async throws {
        // Forty requests that each take two seconds at the server: if libcurl's waiting blocked
        // the cooperative pool (one thread per core, two here), they would take 40 s or more.
        let server = try TestHTTPServer { _ in .init(body: Data("slow".utf8), delay: 2) }
        let client = try HTTPClient()
        let started = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 { group.addTask { try await client.send(HTTPRequest(url: server.baseURL)).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 40))
        // Blocking would need 40 s; the margin is for a machine busy with other work.
        #expect(ContinuousClock.now - started < .seconds(35))
    }
}

/// A TCP listener that never accepts: connections complete in the kernel and then hang.
private final class SilentListener: @unchecked Sendable {
    let fd: Int32
    let port: UInt16

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let fd = self.fd
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(fd, 16)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
    }

    deinit { close(fd) }
}
