/// Why a gRPC call failed: one case per non-OK status the server sent (each with the server's
/// message), so callers match what they handle (`catch GRPCError.alreadyExists`), plus the ways
/// a response can be unreadable.
public enum GRPCError: Error, Sendable, Equatable, CustomStringConvertible {
    case cancelled(String)
    case unknown(String)
    case invalidArgument(String)
    case deadlineExceeded(String)
    case notFound(String)
    case alreadyExists(String)
    case permissionDenied(String)
    case resourceExhausted(String)
    case failedPrecondition(String)
    case aborted(String)
    case outOfRange(String)
    case unimplemented(String)
    case `internal`(String)
    case unavailable(String)
    case dataLoss(String)
    case unauthenticated(String)

    /// The peer broke the gRPC wire rules (no status, a cut-off frame, a wrong content type).
    case protocolViolation(String)
    /// A frame marked compressed: kiln never offers an encoding, so it cannot read one.
    case compressedMessage(encoding: String)
    /// A frame longer than the caller allows: refused before buffering it.
    case messageTooLarge(length: Int, limit: Int)
    /// A frame whose payload is not the expected protobuf message.
    case undecodableMessage(type: String, reason: String)
    /// The call could not be built (a metadata value a header cannot carry).
    case invalidRequest(String)

    /// The error for a status, nil for OK.
    public init?(code: GRPCStatusCode, message: String) {
        switch code {
        case .ok: return nil
        case .cancelled: self = .cancelled(message)
        case .unknown: self = .unknown(message)
        case .invalidArgument: self = .invalidArgument(message)
        case .deadlineExceeded: self = .deadlineExceeded(message)
        case .notFound: self = .notFound(message)
        case .alreadyExists: self = .alreadyExists(message)
        case .permissionDenied: self = .permissionDenied(message)
        case .resourceExhausted: self = .resourceExhausted(message)
        case .failedPrecondition: self = .failedPrecondition(message)
        case .aborted: self = .aborted(message)
        case .outOfRange: self = .outOfRange(message)
        case .unimplemented: self = .unimplemented(message)
        case .internal: self = .internal(message)
        case .unavailable: self = .unavailable(message)
        case .dataLoss: self = .dataLoss(message)
        case .unauthenticated: self = .unauthenticated(message)
        }
    }

    /// The status code this error stands for; wire-level failures count as `internal`, as
    /// gRPC's own clients report them.
    public var code: GRPCStatusCode {
        switch self {
        case .cancelled: .cancelled
        case .unknown: .unknown
        case .invalidArgument: .invalidArgument
        case .deadlineExceeded: .deadlineExceeded
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .permissionDenied: .permissionDenied
        case .resourceExhausted: .resourceExhausted
        case .failedPrecondition: .failedPrecondition
        case .aborted: .aborted
        case .outOfRange: .outOfRange
        case .unimplemented: .unimplemented
        case .internal: .internal
        case .unavailable: .unavailable
        case .dataLoss: .dataLoss
        case .unauthenticated: .unauthenticated
        case .protocolViolation, .compressedMessage, .messageTooLarge, .undecodableMessage: .internal
        case .invalidRequest: .invalidArgument
        }
    }

    /// The server's message, or kiln's explanation for wire-level failures.
    public var message: String {
        switch self {
        case .cancelled(let m), .unknown(let m), .invalidArgument(let m), .deadlineExceeded(let m),
             .notFound(let m), .alreadyExists(let m), .permissionDenied(let m), .resourceExhausted(let m),
             .failedPrecondition(let m), .aborted(let m), .outOfRange(let m), .unimplemented(let m),
             .internal(let m), .unavailable(let m), .dataLoss(let m), .unauthenticated(let m):
            m
        case .protocolViolation(let m): "gRPC protocol violation: \(m)"
        case .compressedMessage(let encoding): "compressed gRPC message (encoding \(encoding)) cannot be read"
        case .messageTooLarge(let length, let limit): "gRPC message of \(length) bytes exceeds the limit of \(limit)"
        case .undecodableMessage(let type, let reason): "gRPC message is not a valid \(type): \(reason)"
        case .invalidRequest(let m): "invalid gRPC request: \(m)"
        }
    }

    public var description: String {
        switch self {
        case .protocolViolation, .compressedMessage, .messageTooLarge, .undecodableMessage, .invalidRequest: message
        default: message.isEmpty ? "\(code)" : "\(code): \(message)"
        }
    }
}
