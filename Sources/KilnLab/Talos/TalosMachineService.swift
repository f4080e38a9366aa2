import GRPCCore
import GRPCProtobuf
import KilnTalosAPI
import SwiftProtobuf

/// `machine.MachineService` for one lab node, registered method by method: only the messages
/// are generated (KilnTalosAPI), not service stubs, so each method gets its descriptor and the
/// protobuf coders here.
struct TalosMachineService: RegistrableRPCService {
    let state: TalosNodeState

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let state = state
        let delay = state.settings.responseDelay
        router.unary(.version, Google_Protobuf_Empty.self, delay: delay) { _ in await state.version() }
        router.unary(.applyConfiguration, Machine_ApplyConfigurationRequest.self, delay: delay) { request throws(RPCError) in
            try await state.applyConfiguration(request)
        }
        router.refused(.bootstrap, Machine_BootstrapRequest.self, Machine_BootstrapResponse.self, state: state, delay: delay)
        router.refused(.etcdMemberList, Machine_EtcdMemberListRequest.self, Machine_EtcdMemberListResponse.self, state: state, delay: delay)
        router.refused(.etcdStatus, Google_Protobuf_Empty.self, Machine_EtcdStatusResponse.self, state: state, delay: delay)
        router.refused(.serviceList, Google_Protobuf_Empty.self, Machine_ServiceListResponse.self, state: state, delay: delay)
        router.refused(.kubeconfig, Google_Protobuf_Empty.self, Common_Data.self, state: state, delay: delay)
        router.refused(.reboot, Machine_RebootRequest.self, Machine_RebootResponse.self, state: state, delay: delay)
        router.refused(.reset, Machine_ResetRequest.self, Machine_ResetResponse.self, state: state, delay: delay)
    }
}

extension MachineServiceMethod {
    var descriptor: MethodDescriptor {
        MethodDescriptor(fullyQualifiedService: "machine.MachineService", method: rawValue)
    }
}

extension RPCRouter {
    /// A unary method: one request message in, one reply out; a thrown `RPCError` is the status.
    mutating func unary<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MachineServiceMethod, _ input: Input.Type, delay: Duration,
        handler: @Sendable @escaping (Input) async throws(RPCError) -> Output
    ) {
        registerHandler(
            forMethod: method.descriptor,
            deserializer: ProtobufDeserializer<Input>(), serializer: ProtobufSerializer<Output>()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            // A slow node: the sleep ends early when the caller's deadline cancels the RPC.
            if delay > .zero { try await Task.sleep(for: delay) }
            return StreamingServerResponse(single: ServerResponse(message: try await handler(single.message)))
        }
    }

    /// A method the node's current phase refuses, with the reason the state gives.
    mutating func refused<Input: SwiftProtobuf.Message, Output: SwiftProtobuf.Message>(
        _ method: MachineServiceMethod, _ input: Input.Type, _ output: Output.Type, state: TalosNodeState, delay: Duration
    ) {
        registerHandler(
            forMethod: method.descriptor,
            deserializer: ProtobufDeserializer<Input>(), serializer: ProtobufSerializer<Output>()
        ) { request, _ in
            _ = try await ServerRequest(stream: request)
            if delay > .zero { try await Task.sleep(for: delay) }
            return StreamingServerResponse(of: Output.self, error: await state.refuse(method))
        }
    }
}
