import Foundation

/// The gRPC status codes (grpc/doc/statuscodes.md). The numbers are the wire values of
/// `grpc-status` and of `google.rpc.Status.code`.
public enum GRPCStatusCode: Int, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case ok = 0
    case cancelled = 1
    case unknown = 2
    case invalidArgument = 3
    case deadlineExceeded = 4
    case notFound = 5
    case alreadyExists = 6
    case permissionDenied = 7
    case resourceExhausted = 8
    case failedPrecondition = 9
    case aborted = 10
    case outOfRange = 11
    case unimplemented = 12
    case `internal` = 13
    case unavailable = 14
    case dataLoss = 15
    case unauthenticated = 16

    /// A code outside 0...16 is `unknown`, as the gRPC spec asks of clients.
    public init(wireValue: Int) { self = GRPCStatusCode(rawValue: wireValue) ?? .unknown }

    /// The code as `grpc-status` text: decimal digits only, anything else is a broken peer.
    init?(headerValue: String) {
        let trimmed = headerValue.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(trimmed)
        else { return nil }
        self.init(wireValue: value)
    }

    /// The name gRPC's own tools print ("FailedPrecondition"), so messages match Talos's docs.
    public var description: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "Canceled"
        case .unknown: "Unknown"
        case .invalidArgument: "InvalidArgument"
        case .deadlineExceeded: "DeadlineExceeded"
        case .notFound: "NotFound"
        case .alreadyExists: "AlreadyExists"
        case .permissionDenied: "PermissionDenied"
        case .resourceExhausted: "ResourceExhausted"
        case .failedPrecondition: "FailedPrecondition"
        case .aborted: "Aborted"
        case .outOfRange: "OutOfRange"
        case .unimplemented: "Unimplemented"
        case .internal: "Internal"
        case .unavailable: "Unavailable"
        case .dataLoss: "DataLoss"
        case .unauthenticated: "Unauthenticated"
        }
    }
}
