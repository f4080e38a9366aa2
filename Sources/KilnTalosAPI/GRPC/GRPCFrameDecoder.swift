import Foundation

/// Cuts a byte stream into gRPC message payloads. Bytes arrive in whatever chunks the transport
/// delivers: a message may span several chunks and a chunk may hold several messages, so the
/// decoder keeps the unfinished tail until the rest arrives.
public struct GRPCFrameDecoder: Sendable {
    /// Default cap on one message: gRPC's usual receive limit is 4 MiB; Talos's largest reply kiln
    /// reads (a kubeconfig chunk) is far smaller, so 16 MiB only refuses a broken or hostile peer.
    public static let defaultMaxMessageBytes = 16 << 20

    public let maxMessageBytes: Int
    /// The response's `grpc-encoding`, named in the error when a compressed frame arrives.
    public let encoding: String?
    private var buffer = Data()

    public init(maxMessageBytes: Int = GRPCFrameDecoder.defaultMaxMessageBytes, encoding: String? = nil) {
        self.maxMessageBytes = maxMessageBytes
        self.encoding = encoding
    }

    /// The payloads completed by `chunk`, in order.
    public mutating func append(_ chunk: Data) throws(GRPCError) -> [Data] {
        buffer.append(chunk)
        var payloads: [Data] = []
        var offset = buffer.startIndex
        while buffer.endIndex - offset >= GRPCFrame.headerLength {
            let flag = buffer[offset]
            let length = Int(buffer[offset + 1]) << 24 | Int(buffer[offset + 2]) << 16
                | Int(buffer[offset + 3]) << 8 | Int(buffer[offset + 4])
            switch flag {
            case 0: break
            // Compressed: only readable with an encoding kiln would have had to offer, and it offers none.
            case 1: throw .compressedMessage(encoding: encoding ?? "none given")
            default: throw .protocolViolation("frame flag \(flag) is neither 0 nor 1")
            }
            // Checked before buffering the payload, so a bogus length cannot make kiln wait for
            // (or allocate) gigabytes.
            guard length <= maxMessageBytes else { throw .messageTooLarge(length: length, limit: maxMessageBytes) }
            let payloadStart = offset + GRPCFrame.headerLength
            guard buffer.endIndex - payloadStart >= length else { break }
            payloads.append(Data(buffer[payloadStart..<payloadStart + length]))
            offset = payloadStart + length
        }
        buffer = Data(buffer[offset...])
        return payloads
    }

    /// Bytes received but not yet a whole message.
    public var pendingBytes: Int { buffer.count }

    /// Call when the body has ended: a leftover partial frame means the stream was cut.
    public func finish() throws(GRPCError) {
        guard buffer.isEmpty else {
            throw .protocolViolation("body ended inside a message (\(buffer.count) bytes of an unfinished frame)")
        }
    }
}
