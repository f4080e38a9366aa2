import Foundation
import GRPCCore
import KilnTalosAPI
import SwiftProtobuf

/// A reply list the lab can build per node: `messages` (field 1), each with `metadata`.
protocol TalosReplyList: SwiftProtobuf.Message {
    associatedtype Reply: TalosReply
    var messages: [Reply] { get set }
}

protocol TalosReply: SwiftProtobuf.Message {
    var metadata: Common_Metadata { get set }
}

extension Machine_ApplyConfigurationResponse: TalosReplyList {}
extension Machine_BootstrapResponse: TalosReplyList {}
extension Machine_EtcdMemberListResponse: TalosReplyList {}
extension Machine_EtcdStatusResponse: TalosReplyList {}
extension Machine_RebootResponse: TalosReplyList {}
extension Machine_ResetResponse: TalosReplyList {}
extension Machine_ServiceListResponse: TalosReplyList {}
extension Machine_VersionResponse: TalosReplyList {}
extension Machine_ApplyConfiguration: TalosReply {}
extension Machine_Bootstrap: TalosReply {}
extension Machine_EtcdMembers: TalosReply {}
extension Machine_EtcdStatus: TalosReply {}
extension Machine_Reboot: TalosReply {}
extension Machine_Reset: TalosReply {}
extension Machine_ServiceList: TalosReply {}
extension Machine_Version: TalosReply {}

/// apid's proxying, in process: the called node answers for every target named in `node` (one)
/// or `nodes` (one field per node, as talosctl sends; comma lists are read too). Each reply
/// carries `metadata.hostname` = the target as named; a target that fails contributes a reply
/// with only `metadata.error` and `metadata.status`, and the call as a whole stays OK.
enum TalosProxy {
    static func targets(in metadata: Metadata) -> [String] {
        (Array(metadata[stringValues: "node"]) + Array(metadata[stringValues: "nodes"])).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    static func fanOut<Output: TalosReplyList>(
        _ method: MachineServiceMethod, from node: TalosNodeState, to targets: [String], organizations: [String],
        _ call: (TalosNodeState) async throws(RPCError) -> Output
    ) async -> Output {
        var response = Output()
        let cluster = await node.cluster
        for target in targets {
            do throws(RPCError) {
                let peer = try await reach(target, from: node, cluster: cluster)
                try await peer.authorize(method, organizations: organizations)
                var reply = try await call(peer)
                for index in reply.messages.indices { reply.messages[index].metadata.hostname = target }
                response.messages += reply.messages
            } catch {
                var failed = Output.Reply()
                failed.metadata.hostname = target
                failed.metadata.error = error.message
                failed.metadata.status.code = Int32(error.code.rawValue)
                failed.metadata.status.message = error.message
                response.messages.append(failed)
            }
        }
        return response
    }

    /// The target's node: itself, or a lab node of the same cluster that is up and configured.
    private static func reach(_ target: String, from node: TalosNodeState, cluster: String?) async throws(RPCError) -> TalosNodeState {
        if target == node.settings.host { return node }
        guard let peer = node.registry.node(at: target), let cluster, await peer.cluster == cluster,
              case .configured = await peer.phase else {
            // What apid says when its backend connection to the target fails.
            throw RPCError(code: .unavailable,
                           message: "connection error: desc = \"transport: Error while dialing: dial tcp \(target):50000: connect: connection refused\"")
        }
        return peer
    }
}
