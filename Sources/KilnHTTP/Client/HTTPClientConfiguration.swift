/// Settings shared by every request a client makes. One client = one TLS identity = one
/// connection pool; make separate clients for servers that need different trust.
public struct HTTPClientConfiguration: Sendable {
    public enum VersionPreference: Sendable {
        /// HTTP/2 over TLS when the server offers it by ALPN, HTTP/1.1 otherwise; HTTP/1.1 in clear.
        case automatic
        /// HTTP/1.1 only.
        case http1_1
        /// HTTP/2 without negotiation, also in clear text (h2c prior knowledge, as gRPC servers speak).
        case http2PriorKnowledge
    }

    public enum RedirectPolicy: Sendable {
        case none
        /// Follow up to `max` redirects. A redirect from https to http is refused.
        case follow(max: Int)
    }

    public var tls: TLSConfiguration
    public var connectTimeout: Duration
    /// Limit on a whole request, from connect to last byte; requests may override it.
    public var requestTimeout: Duration
    public var version: VersionPreference
    public var redirects: RedirectPolicy
    public var proxy: ProxySettings
    /// Bodies kept in memory larger than this fail rather than exhaust memory; use `download`.
    public var maxBodyBytes: Int
    public var userAgent: String

    public init(tls: TLSConfiguration = TLSConfiguration(),
                connectTimeout: Duration = .seconds(10),
                requestTimeout: Duration = .seconds(60),
                version: VersionPreference = .automatic,
                redirects: RedirectPolicy = .follow(max: 5),
                proxy: ProxySettings = .environment(),
                maxBodyBytes: Int = 64 << 20,
                userAgent: String = "kiln") {
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.version = version
        self.redirects = redirects
        self.proxy = proxy
        self.maxBodyBytes = maxBodyBytes
        self.userAgent = userAgent
    }
}
