import SwiftProtobuf

/// A reply message that belongs to one node: every machine API reply starts with `metadata`.
public protocol NodeReply: SwiftProtobuf.Message {
    var metadata: Common_Metadata { get }
    var hasMetadata: Bool { get }
}

extension NodeReply {
    /// The node this reply is from, when the reply says.
    public var node: String? { hasMetadata && !metadata.hostname.isEmpty ? metadata.hostname : nil }

    /// This node's failure, nil when it succeeded.
    public var nodeError: NodeError? {
        guard hasMetadata, let failure = metadata.failure else { return nil }
        return NodeError(node: node, error: failure)
    }
}

/// A unary response: one reply per node in `messages` (field 1).
public protocol NodeReplyList: SwiftProtobuf.Message {
    associatedtype Reply: NodeReply
    var messages: [Reply] { get }
}

extension NodeReplyList {
    /// The replies split into successes and per-node failures.
    public var results: NodeResults<Reply> { NodeResults(messages) }
}

extension Common_Data: NodeReply {}
extension Machine_ApplyConfiguration: NodeReply {}
extension Machine_Bootstrap: NodeReply {}
extension Machine_EtcdMembers: NodeReply {}
extension Machine_EtcdStatus: NodeReply {}
extension Machine_Reboot: NodeReply {}
extension Machine_Reset: NodeReply {}
extension Machine_ServiceList: NodeReply {}
extension Machine_Version: NodeReply {}

extension Machine_ApplyConfigurationResponse: NodeReplyList {}
extension Machine_BootstrapResponse: NodeReplyList {}
extension Machine_EtcdMemberListResponse: NodeReplyList {}
extension Machine_EtcdStatusResponse: NodeReplyList {}
extension Machine_RebootResponse: NodeReplyList {}
extension Machine_ResetResponse: NodeReplyList {}
extension Machine_ServiceListResponse: NodeReplyList {}
extension Machine_VersionResponse: NodeReplyList {}
