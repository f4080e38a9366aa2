import Foundation
import Hummingbird

/// What a handler answers: `{"data": …}` plus any extra top-level fields (`total` for logs).
public struct PVEReply: Sendable {
    public var data: JSON
    public var extra: [String: JSON]

    public init(_ data: JSON, extra: [String: JSON] = [:]) {
        self.data = data
        self.extra = extra
    }
}

/// One endpoint: method and PVE path template (below `/api2/json`), and its handler.
public struct PVERoute: Sendable {
    public typealias Handler = @Sendable (PVERequest, ProxmoxCluster) async throws -> PVEReply

    public var method: HTTPRequest.Method
    public var path: String
    /// False for the few calls that come before authentication (`POST /access/ticket`) and the
    /// lab's own paths.
    public var authenticated: Bool
    /// Answers a UPID: the task faults (`noWorker`, `failTask`, `holdLock`) apply to it.
    public var startsTask: Bool
    public var handler: Handler

    public init(_ method: HTTPRequest.Method, _ path: String, authenticated: Bool = true, startsTask: Bool = false,
                _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.authenticated = authenticated
        self.startsTask = startsTask
        self.handler = handler
    }

    /// The lab's own paths (`/lab/…`): no schema, no faults.
    var isLabControl: Bool { path.hasPrefix("/lab") }

    /// Names of the `{placeholders}` in the path.
    var placeholders: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }
}
