import GRPCCore
import GRPCProtobuf
import KilnArchive
import KilnTalosAPI
import SwiftProtobuf

/// `machine.MachineService` for one lab node, registered method by method: only the messages
/// are generated (KilnTalosAPI), not service stubs, so each method gets its descriptor and the
/// protobuf coders here. Every call is first authorized by the node's phase and the caller's
/// certificate (its Organizations, looked up by connection); unary calls naming other nodes in
/// `node`/`nodes` metadata are answered for each of them, as apid proxies them.
struct TalosMachineService: RegistrableRPCService {
    let state: TalosNodeState
    let peers: TalosPeerRegistry

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        var methods = TalosMethods(router: router, state: state, peers: peers)
        methods.unary(.version, Google_Protobuf_Empty.self) { node, _ in await node.version() }
        methods.unary(.applyConfiguration, Machine_ApplyConfigurationRequest.self) { node, request throws(RPCError) in
            try await node.applyConfiguration(request)
        }
        methods.unary(.bootstrap, Machine_BootstrapRequest.self) { node, _ throws(RPCError) in try await node.bootstrap() }
        methods.unary(.etcdMemberList, Machine_EtcdMemberListRequest.self) { node, _ in await node.etcdMemberList() }
        methods.unary(.etcdStatus, Google_Protobuf_Empty.self) { node, _ throws(RPCError) in try await node.etcdStatus() }
        methods.unary(.serviceList, Google_Protobuf_Empty.self) { node, _ in await node.serviceList() }
        methods.unary(.reboot, Machine_RebootRequest.self) { node, _ in await node.reboot() }
        methods.unary(.reset, Machine_ResetRequest.self) { node, request in await node.reset(request) }
        methods.kubeconfig()
        router = methods.router
    }
}

extension MachineServiceMethod {
    var descriptor: MethodDescriptor {
        MethodDescriptor(fullyQualifiedService: "machine.MachineService", method: rawValue)
    }
}

/// Registers handlers on a router with the node's authorization and delay in front of them.
struct TalosMethods<Transport: ServerTransport> {
    var router: RPCRouter<Transport>
    let state: TalosNodeState
    let peers: TalosPeerRegistry

    /// A unary method: one request message in, one reply list out; a thrown `RPCError` is the
    /// status. `handler` gets the node that answers: this one, or each `nodes` target.
    mutating func unary<Input: SwiftProtobuf.Message, Output: TalosReplyList>(
        _ method: MachineServiceMethod, _ input: Input.Type,
        handler: @Sendable @escaping (TalosNodeState, Input) async throws(RPCError) -> Output
    ) {
        let state = state, peers = peers
        router.registerHandler(
            forMethod: method.descriptor,
            deserializer: ProtobufDeserializer<Input>(), serializer: ProtobufSerializer<Output>()
        ) { request, context in
            let single = try await ServerRequest(stream: request)
            let delay = state.settings.responseDelay
            // A slow node: the sleep ends early when the caller's deadline cancels the RPC.
            if delay > .zero { try await Task.sleep(for: delay) }
            let organizations = peers.organizations(of: context.remotePeer)
            try await state.authorize(method, organizations: organizations)
            let targets = TalosProxy.targets(in: single.metadata)
            let reply: Output
            if targets.isEmpty {
                reply = try await handler(state, single.message)
            } else {
                reply = await TalosProxy.fanOut(method, from: state, to: targets, organizations: organizations) { node throws(RPCError) in
                    try await handler(node, single.message)
                }
            }
            if let hold = await state.replyDelay { try await Task.sleep(for: hold) }
            return StreamingServerResponse(single: ServerResponse(message: reply))
        }
    }

    /// Kubeconfig: a server stream of `common.Data` chunks whose bytes make the tar.gz.
    mutating func kubeconfig() {
        let state = state, peers = peers
        router.registerHandler(
            forMethod: MachineServiceMethod.kubeconfig.descriptor,
            deserializer: ProtobufDeserializer<Google_Protobuf_Empty>(), serializer: ProtobufSerializer<Common_Data>()
        ) { request, context in
            _ = try await ServerRequest(stream: request)
            try await state.authorize(.kubeconfig, organizations: peers.organizations(of: context.remotePeer))
            let archive = try await state.kubeconfig()
            return StreamingServerResponse { writer in
                // Real apid sends the file in one chunk or a few; clients must join them.
                let chunkSize = 16 * 1024
                var offset = archive.startIndex
                while offset < archive.endIndex {
                    let end = min(offset + chunkSize, archive.endIndex)
                    var chunk = Common_Data()
                    chunk.bytes = archive[offset..<end]
                    try await writer.write(chunk)
                    offset = end
                }
                return [:]
            }
        }
    }
}
