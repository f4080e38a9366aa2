import Foundation
import KilnHTTP
import KilnProxmox
import KilnTestSupport

/// A scripted PVE on loopback: `respond` sees each request (with how many requests of the same
/// method and path came before) and returns a `TestHTTPServer.Response`.
final class FakePVE: @unchecked Sendable {
    typealias Handler = @Sendable (TestHTTPServer.Request, Int) -> TestHTTPServer.Response
    let server: TestHTTPServer
    private let counts = Counts()

    init(_ respond: @escaping Handler) throws {
        let counts = self.counts
        server = try TestHTTPServer { request in
            let n = counts.next("\(request.method) \(request.path)")
            return respond(request, n)
        }
    }

    var requests: [TestHTTPServer.Request] { server.requests }

    func requests(_ method: String, _ path: String) -> [TestHTTPServer.Request] {
        server.requests.filter { $0.method == method && $0.path == path }
    }

    func client(_ credentials: ProxmoxCredentials = .apiToken(ProxmoxAPIToken(FakePVE.token)!),
                options: ProxmoxClientOptions = FakePVE.fastOptions()) throws -> ProxmoxClient {
        try ProxmoxClient(settings: ProxmoxConnectionSettings(endpoint: server.baseURL, credentials: credentials),
                          options: options)
    }

    static let token = "kiln@pve!provision=4f1c2a9e-0000-4bad-9cafe-1234567890ab"
    static let tokenSecret = "4f1c2a9e-0000-4bad-9cafe-1234567890ab"

    /// Options with test-sized durations: instant backoff, millisecond polling.
    static func fastOptions(clock: ProxmoxClock = .continuous, attempts: Int = 4,
                            requestTimeout: Duration = .seconds(10)) -> ProxmoxClientOptions {
        ProxmoxClientOptions(
            connectTimeout: .seconds(5), requestTimeout: requestTimeout,
            retry: ProxmoxRetryPolicy(attempts: attempts, base: .milliseconds(1), cap: .milliseconds(5), jitter: { 0.5 }),
            polling: ProxmoxTaskPolling(initial: .milliseconds(5), growth: 2, cap: .milliseconds(40),
                                        visibilityGrace: .seconds(3)),  // roomy: a loaded machine stretches the first polls
            clock: clock, proxy: .none)
    }

    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [String: Int] = [:]
        func next(_ key: String) -> Int {
            lock.withLock {
                seen[key, default: 0] += 1
                return seen[key]! - 1
            }
        }
    }
}

extension TestHTTPServer.Request {
    /// The target without the API root and query, percent-decoded.
    var path: String {
        let raw = String(target.split(separator: "?", maxSplits: 1).first ?? "")
        var p = raw.removingPercentEncoding ?? raw
        if p.hasPrefix("/api2/json") { p.removeFirst("/api2/json".count) }
        return p
    }

    var query: String? {
        let parts = target.split(separator: "?", maxSplits: 1)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension TestHTTPServer.Response {
    /// `{"data": <json>}` with status 200.
    static func data(_ json: String, delay: TimeInterval = 0) -> Self {
        .init(status: 200, reason: "OK", headers: [("Content-Type", "application/json")],
              body: Data("{\"data\":\(json)}".utf8), delay: delay)
    }

    /// PVE's error shape: message in the reason phrase, `errors` map in the body.
    static func pveError(_ status: Int, _ reason: String, errors: [String: String] = [:]) -> Self {
        let map = errors.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let body = errors.isEmpty ? "{\"data\":null}" : "{\"data\":null,\"errors\":{\(map)}}"
        return .init(status: status, reason: reason, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
    }
}

/// A clock whose `now` moves only when told (or, with `advancesOnSleep`, by each pause: virtual
/// time) and whose `sleep` returns at once, recording the pauses. Time-based rules then hold
/// however slowly a loaded machine runs the test.
final class ManualClock: @unchecked Sendable {
    private let advancesOnSleep: Bool
    init(advancesOnSleep: Bool = false) { self.advancesOnSleep = advancesOnSleep }

    private let lock = NSLock()
    private let origin = ContinuousClock.now
    private var offset: Duration = .zero
    private var sleeps: [Duration] = []

    func advance(by d: Duration) { lock.withLock { offset += d } }
    var pauses: [Duration] { lock.withLock { sleeps } }

    var clock: ProxmoxClock {
        ProxmoxClock(now: { [self] in lock.withLock { origin + offset } },
                     sleep: { [self] d in
                         lock.withLock {
                             sleeps.append(d)
                             if advancesOnSleep { offset += d }
                         }
                         try Task.checkCancellation()
                         await Task.yield()
                     })
    }
}

let sampleUPID = "UPID:pve1:0001A2B3:00C4D5E6:6745F0A1:qmclone:9000:kiln@pve!provision:"
