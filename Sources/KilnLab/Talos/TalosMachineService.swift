import GRPCCore
import GRPCProtobuf
import KilnTalosAPI
import SwiftProtobuf

/// `machine.MachineService` for one lab node, registered method by method: only the messages
/// are generated (KilnTalosAPI), not service stubs, so each method gets its descriptor and the
/// protobuf coders here. Every call is first authorized by the node's phase and the caller's
/// certificate (its Organizations, looked up by connection).
struct TalosMachineService: RegistrableRPCService {
    let state: TalosNodeState
    let peers: TalosPeerRegistry
    /// Called when a config was accepted in maintenance mode: the node installs and reboots.
    let reboot: @Sendable (TalosMachineConfigSummary) -> Void

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let state = state, reboot = reboot
        var methods = TalosMethods(router: router, state: state, peers: peers)
        methods.unary(.version, Google_Protobuf_Empty.self) { _ in await state.version() }
        methods.unary(.applyConfiguration, Machine_ApplyConfigurationRequest.self) { request throws(RPCError) in
            let (response, rebootInto) = try await state.applyConfiguration(request)
            if let rebootInto { reboot(rebootInto) }
            return response
        }
        methods.unary(.bootstrap, Machine_BootstrapRequest.self) { _ throws(RPCError) in try await state.bootstrap() }
        methods.unary(.etcdMemberList, Machine_EtcdMemberListRequest.self) { _ in await state.etcdMemberList() }
        methods.unary(.serviceList, Google_Protobuf_Empty.self) { _ in await state.serviceList() }
        methods.unimplemented(.etcdStatus, Google_Protobuf_Empty.self, Machine_EtcdStatusResponse.self)
        methods.unimplemented(.kubeconfig, Google_Protobuf_Empty.self, Common_Data.self)
        methods.unimplemented(.reboot, Machine_RebootRequest.self, Machine_RebootResponse.self)
        methods.unimplemented(.reset, Machine_ResetRequest.self, Machine_ResetResponse.self)
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

    /// A unary method: one request message in, one reply out; a thrown `RPCError` is the status.
    mutating func unary<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MachineServiceMethod, _ input: Input.Type,
        handler: @Sendable @escaping (Input) async throws(RPCError) -> Output
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
            try await state.authorize(method, organizations: peers.organizations(of: context.remotePeer))
            return StreamingServerResponse(single: ServerResponse(message: try await handler(single.message)))
        }
    }

    /// A method the lab does not serve yet: authorized like the others, then Unimplemented.
    mutating func unimplemented<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MachineServiceMethod, _ input: Input.Type, _ output: Output.Type
    ) {
        unary(method, input) { _ throws(RPCError) -> Output in
            throw RPCError(code: .unimplemented, message: "the lab's Talos node does not serve \(method.rawValue) yet")
        }
    }
}
