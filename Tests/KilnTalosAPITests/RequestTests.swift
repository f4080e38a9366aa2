import Foundation
import KilnHTTP
import SwiftProtobuf
import Testing
import KilnTalosAPI

@Suite struct RequestTests {
    let endpoint = URL(string: "https://10.0.0.1:50000")!

    @Test func aCallIsAPostOfTheFramedMessageWithGRPCHeaders() throws {
        var apply = Machine_ApplyConfigurationRequest()
        apply.data = Data("abc".utf8)
        apply.mode = .auto
        let request = try GRPCCall.request(endpoint: endpoint, path: MachineServiceMethod.applyConfiguration.path, message: apply)
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "https://10.0.0.1:50000/machine.MachineService/ApplyConfiguration")
        #expect(request.headers["content-type"] == "application/grpc")
        #expect(request.headers["te"] == "trailers")
        #expect(request.headers["grpc-timeout"] == nil)
        #expect(request.timeout == nil)
        #expect(request.body == Data([0, 0, 0, 0, 7, 0x0A, 0x03, 0x61, 0x62, 0x63, 0x20, 0x01]))
    }

    @Test func aDeadlineBecomesGRPCTimeoutAndTheTransportTimeout() throws {
        let now = ContinuousClock.now
        let request = try GRPCCall.request(endpoint: endpoint, path: MachineServiceMethod.version.path,
                                           message: Google_Protobuf_Empty(), deadline: now + .seconds(10), now: now)
        #expect(request.headers["grpc-timeout"] == "10000000u")
        #expect(request.timeout == .seconds(10))
        #expect(request.body == Data([0, 0, 0, 0, 0]))
    }

    @Test func anExpiredDeadlineFailsBeforeSending() {
        let now = ContinuousClock.now
        #expect(throws: GRPCError.deadlineExceeded("the deadline passed before /machine.MachineService/Bootstrap was sent")) {
            try GRPCCall.request(endpoint: endpoint, path: MachineServiceMethod.bootstrap.path,
                                 message: Machine_BootstrapRequest(), deadline: now, now: now)
        }
    }

    @Test func nodeProxiesToOneNodeAndNodesIsOneFieldPerNode() throws {
        let one = try GRPCCall.request(endpoint: endpoint, path: MachineServiceMethod.version.path,
                                       message: Google_Protobuf_Empty(), metadata: .node("10.0.0.2"))
        #expect(one.headers.values(for: "node") == ["10.0.0.2"])
        #expect(!one.headers.contains("nodes"))

        let many = try GRPCCall.request(endpoint: endpoint, path: MachineServiceMethod.version.path,
                                        message: Google_Protobuf_Empty(), metadata: .nodes(["10.0.0.2", "10.0.0.3"]))
        #expect(many.headers.values(for: "nodes") == ["10.0.0.2", "10.0.0.3"])
    }

    @Test func metadataAHeaderCannotCarryIsRefused() {
        #expect(throws: GRPCError.invalidRequest("metadata node has a value that is not printable ASCII")) {
            try GRPCMetadata.node("10.0.0.2\r\nx-injected: 1")
        }
        var metadata = GRPCMetadata()
        #expect(throws: GRPCError.self) { try metadata.add("Node", "x") }
        #expect(throws: GRPCError.self) { try metadata.add("grpc-status", "0") }
        #expect(throws: GRPCError.self) { try metadata.add("key-bin", "x") }
    }

    @Test func anEndpointWithATrailingSlashGivesOneSlash() throws {
        let request = try GRPCCall.request(endpoint: URL(string: "https://node.example:50000/")!,
                                           path: MachineServiceMethod.kubeconfig.path, message: Google_Protobuf_Empty())
        #expect(request.url.absoluteString == "https://node.example:50000/machine.MachineService/Kubeconfig")
    }

    @Test func methodPathsAndShapes() {
        #expect(MachineServiceMethod.etcdMemberList.path == "/machine.MachineService/EtcdMemberList")
        #expect(MachineServiceMethod.allCases.filter(\.isServerStreaming) == [.kubeconfig])
        #expect(MachineServiceMethod.allCases.filter(\.changesTheNode) == [.applyConfiguration, .bootstrap, .reboot, .reset])
    }
}
