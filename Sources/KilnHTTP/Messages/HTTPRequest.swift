import Foundation

/// One HTTP request. Bodies are in memory: kiln's API calls are small; large downloads stream
/// to a file through `HTTPClient.download`.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: URL
    public var headers: HTTPHeaders
    public var body: Data?
    /// Overrides the client's total timeout for this request (e.g. a long gRPC stream).
    public var timeout: Duration?
    /// Sends this request on a new connection. libcurl silently sends a request again when a
    /// reused connection closes before any answer; for a call that may start work on the server
    /// (it may have been received), that second copy must never happen.
    public var freshConnection: Bool

    public init(method: HTTPMethod = .get, url: URL, headers: HTTPHeaders = [:], body: Data? = nil,
                timeout: Duration? = nil, freshConnection: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.freshConnection = freshConnection
    }
}

public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")

    public var description: String { rawValue }
}

extension URL {
    /// The URL without user info, for messages: a URL may carry credentials, a message must not.
    var redactedForDisplay: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "<url>" }
        if components.user != nil || components.password != nil {
            components.user = nil
            components.password = nil
        }
        return components.string ?? "<url>"
    }
}
