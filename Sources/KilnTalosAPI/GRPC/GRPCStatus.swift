import KilnHTTP

/// A call's outcome as the server stated it: `grpc-status` and `grpc-message`.
public struct GRPCStatus: Sendable, Equatable, CustomStringConvertible {
    public var code: GRPCStatusCode
    /// Already percent-decoded.
    public var message: String

    public init(code: GRPCStatusCode, message: String = "") {
        self.code = code
        self.message = message
    }

    /// The status in `fields`, nil when they carry no `grpc-status`. A `grpc-status` that is not a
    /// number is the peer's fault, not an unknown outcome.
    public init?(fields: HTTPHeaders) throws(GRPCError) {
        guard let raw = fields["grpc-status"] else { return nil }
        guard let code = GRPCStatusCode(headerValue: raw) else {
            throw .protocolViolation("grpc-status \"\(raw.prefix(32))\" is not a status code")
        }
        self.init(code: code, message: fields["grpc-message"].map(GRPCPercentEncoding.decode) ?? "")
    }

    /// For an HTTP status other than 200, which means no gRPC server handled the call (a proxy
    /// or a plain web server answered): gRPC's HTTP-to-gRPC status mapping.
    public init(httpStatus: Int) {
        let code: GRPCStatusCode = switch httpStatus {
        case 400: .internal
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .unimplemented
        case 429, 502, 503, 504: .unavailable
        default: .unknown
        }
        self.init(code: code, message: "HTTP status \(httpStatus) instead of a gRPC response")
    }

    /// The error this status stands for, nil for OK.
    public var error: GRPCError? { GRPCError(code: code, message: message) }

    public var description: String { message.isEmpty ? "\(code)" : "\(code): \(message)" }
}
