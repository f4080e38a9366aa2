import Foundation

/// The replies of one call, per node: which nodes answered and which failed.
public struct NodeResults<Reply: NodeReply>: Sendable {
    public var replies: [Reply]
    public var failures: [NodeError]

    public init(_ messages: [Reply]) {
        replies = messages.filter { $0.nodeError == nil }
        failures = messages.compactMap(\.nodeError)
    }

    /// For a call to one node: its reply, or its failure as the error.
    public func single() throws(NodeError) -> Reply {
        if let failure = failures.first { throw failure }
        guard replies.count == 1, let reply = replies.first else {
            throw NodeError(node: nil, error: .protocolViolation("expected the reply of one node, got \(replies.count)"))
        }
        return reply
    }
}

extension Sequence where Element == Common_Data {
    /// A server stream's payload (Kubeconfig: a tar.gz): the chunks' bytes in order. A chunk
    /// reporting a node failure fails the whole payload, since part of it is missing.
    public func concatenatedBytes() throws(NodeError) -> Data {
        var bytes = Data()
        for chunk in self {
            if let failure = chunk.nodeError { throw failure }
            bytes.append(chunk.bytes)
        }
        return bytes
    }
}
