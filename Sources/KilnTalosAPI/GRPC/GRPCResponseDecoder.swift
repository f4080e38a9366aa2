import Foundation
import KilnHTTP
import SwiftProtobuf

/// Reads a finished gRPC response: the status (trailers, or headers of a trailers-only
/// response), then the messages of the body. A non-OK status throws its typed error, even when
/// messages arrived before it: gRPC defines the call as failed.
public enum GRPCResponseDecoder {
    /// The call's status. HTTP status first: anything but 200 means no gRPC server answered.
    public static func status(of response: HTTPResponse) throws(GRPCError) -> GRPCStatus {
        guard response.status == 200 else { return GRPCStatus(httpStatus: response.status) }
        // A trailers-only response (an error before any message) puts the status in the headers.
        if let status = try GRPCStatus(fields: response.trailers) { return status }
        if let status = try GRPCStatus(fields: response.headers) { return status }
        throw .protocolViolation("the response ended without grpc-status")
    }

    /// Every message of a successful call (one for unary, any number for server streams).
    public static func decode<M: SwiftProtobuf.Message>(
        _ response: HTTPResponse, as type: M.Type = M.self,
        maxMessageBytes: Int = GRPCFrameDecoder.defaultMaxMessageBytes
    ) throws(GRPCError) -> [M] {
        let status = try status(of: response)
        if let error = status.error { throw error }
        let contentType = response.headers["content-type"] ?? ""
        guard contentType.lowercased().hasPrefix("application/grpc") else {
            throw .protocolViolation("content-type is \"\(contentType)\", not application/grpc")
        }
        var frames = GRPCFrameDecoder(maxMessageBytes: maxMessageBytes, encoding: response.headers["grpc-encoding"])
        let payloads = try frames.append(response.body)
        try frames.finish()
        return try payloads.map { payload throws(GRPCError) in try decodeMessage(payload, as: type) }
    }

    /// The single message of a successful unary call.
    public static func decodeUnary<M: SwiftProtobuf.Message>(
        _ response: HTTPResponse, as type: M.Type = M.self,
        maxMessageBytes: Int = GRPCFrameDecoder.defaultMaxMessageBytes
    ) throws(GRPCError) -> M {
        let messages = try decode(response, as: type, maxMessageBytes: maxMessageBytes)
        guard messages.count == 1, let message = messages.first else {
            throw .protocolViolation("a unary call returned \(messages.count) messages")
        }
        return message
    }

    static func decodeMessage<M: SwiftProtobuf.Message>(_ payload: Data, as type: M.Type) throws(GRPCError) -> M {
        do {
            return try M(serializedBytes: payload)
        } catch {
            throw .undecodableMessage(type: String(describing: type), reason: "\(error)")
        }
    }
}
