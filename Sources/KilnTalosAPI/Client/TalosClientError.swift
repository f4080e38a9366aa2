import KilnHTTP

/// Why a call to a node's machine API failed: the node answered with a gRPC status (or one node
/// of a proxied call failed), or no call happened because the connection or TLS failed. The
/// connection cases name the endpoint so gates can say what they last saw.
public enum TalosClientError: Error, Sendable, CustomStringConvertible {
    /// The call's gRPC status (deadlines that passed on the kiln side are `deadlineExceeded` too).
    case status(GRPCError)
    /// The call succeeded but the node's reply carries its failure.
    case node(NodeError)
    /// No connection: refused, unreachable, timed out while connecting.
    case unreachable(endpoint: String, reason: String)
    /// TLS refused: the node's certificate is not trusted or not the pinned one, or the node
    /// refused ours.
    case tls(endpoint: String, kind: HTTPError.Kind, reason: String)
    /// The connection broke during the call.
    case transport(endpoint: String, reason: String)

    /// The gRPC error, for matching `.status(.alreadyExists)` and node failures alike.
    public var grpcError: GRPCError? {
        switch self {
        case .status(let error): error
        case .node(let failure): failure.error
        case .unreachable, .tls, .transport: nil
        }
    }

    public var description: String {
        switch self {
        case .status(let error): "\(error)"
        case .node(let failure): "\(failure)"
        case .unreachable(let endpoint, let reason): "Talos API on \(endpoint) not reachable: \(reason)"
        case .tls(let endpoint, _, let reason): "Talos API on \(endpoint): TLS failed: \(reason)"
        case .transport(let endpoint, let reason): "Talos API on \(endpoint): \(reason)"
        }
    }

    /// The error for a failed HTTP exchange. A request timeout is the call's deadline.
    static func from(_ error: HTTPError, endpoint: String) -> TalosClientError {
        switch error.kind {
        case .requestTimeout:
            .status(.deadlineExceeded("no reply from \(endpoint) before the deadline"))
        case .connectionFailed, .connectTimeout, .hostNotFound:
            .unreachable(endpoint: endpoint, reason: error.message)
        case .untrustedServer, .pinMismatch, .tlsFailed:
            .tls(endpoint: endpoint, kind: error.kind, reason: error.message)
        case .cancelled:
            .status(.cancelled("the call to \(endpoint) was cancelled"))
        case .transferFailed where error.closedAfterTLSHandshake:
            // apid (Go crypto/tls) checks the client certificate after a TLS 1.3 client considers
            // the handshake done, sends an alert and closes; if our first request bytes meet the
            // closed socket, the reset arrives before libcurl reads the alert. Otherwise apid drops a fresh
            // connection before any reply only when the node goes down, so the likely cause is named.
            .tls(endpoint: endpoint, kind: .tlsFailed, reason: """
                the node closed the connection right after the TLS handshake, before any reply: most likely it refused \
                the client certificate (none, or not issued by the cluster's OS CA) [\(error.message)]
                """)
        case .invalidRequest, .tooManyRedirects, .insecureRedirect, .bodyTooLarge, .localFile, .transferFailed:
            .transport(endpoint: endpoint, reason: error.message)
        }
    }
}
