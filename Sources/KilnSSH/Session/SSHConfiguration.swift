/// Everything needed to open an SSH session.
public struct SSHConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var authentication: SSHAuthentication
    public var hostKeyPolicy: HostKeyPolicy
    /// Bound on TCP connect plus the SSH handshake (banner, key exchange).
    public var connectTimeout: Duration
    /// Bound on any single step after connecting that makes no progress (an auth round trip, an
    /// SFTP write); also the default total time for `exec`.
    public var operationTimeout: Duration

    public init(host: String, port: Int = 22, user: String, authentication: SSHAuthentication,
                hostKeyPolicy: HostKeyPolicy, connectTimeout: Duration = .seconds(10),
                operationTimeout: Duration = .seconds(60)) {
        self.host = host
        self.port = port
        self.user = user
        self.authentication = authentication
        self.hostKeyPolicy = hostKeyPolicy
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
    }

    var endpoint: String { Endpoint.describe(host: host, port: port) }
}
