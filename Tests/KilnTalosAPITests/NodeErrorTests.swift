import Foundation
import Testing
import KilnTalosAPI

/// apid fans a call out to the `nodes` targets and reports each target's failure inside the reply
/// (the call itself is OK): kiln turns those into errors of that node.
@Suite struct NodeErrorTests {
    static func bootstrap(node: String, code: Int32 = 0, message: String = "", error: String = "") -> Machine_Bootstrap {
        Machine_Bootstrap.with {
            $0.metadata.hostname = node
            $0.metadata.error = error
            if code != 0 {
                $0.metadata.status.code = code
                $0.metadata.status.message = message
            }
        }
    }

    @Test func aFailedNodeIsAnErrorOfThatNodeWithItsStatusCode() {
        let response = Machine_BootstrapResponse.with {
            $0.messages = [
                Self.bootstrap(node: "10.0.0.1"),
                Self.bootstrap(node: "10.0.0.2", code: 6, message: "etcd data directory is not empty",
                               error: "rpc error: code = AlreadyExists desc = etcd data directory is not empty"),
            ]
        }
        let results = response.results
        #expect(results.replies.map(\.node) == ["10.0.0.1"])
        #expect(results.failures == [NodeError(node: "10.0.0.2", error: .alreadyExists("etcd data directory is not empty"))])
        #expect(results.failures.first?.description == "node 10.0.0.2: AlreadyExists: etcd data directory is not empty")
    }

    @Test func anErrorWithoutStatusIsUnknown() {
        let reply = Self.bootstrap(node: "10.0.0.3", error: "connection refused")
        #expect(reply.nodeError == NodeError(node: "10.0.0.3", error: .unknown("connection refused")))
    }

    @Test func aStatusWithoutMessageFallsBackToTheErrorText() {
        let reply = Self.bootstrap(node: "n", code: 9, message: "", error: "time is not in sync yet")
        #expect(reply.nodeError?.error == .failedPrecondition("time is not in sync yet"))
    }

    @Test func aReplyWithoutMetadataIsTheCalledNodeSucceeding() throws {
        // Without node/nodes metadata Talos may send no metadata at all.
        let response = Machine_VersionResponse.with { $0.messages = [Machine_Version.with { $0.version.tag = "v1.13.9" }] }
        let reply = try response.results.single()
        #expect(reply.node == nil)
        #expect(reply.version.tag == "v1.13.9")
    }

    @Test func singleThrowsTheNodesFailure() {
        let response = Machine_BootstrapResponse.with {
            $0.messages = [Self.bootstrap(node: "10.0.0.1", code: 7, message: "not authorized")]
        }
        #expect(throws: NodeError(node: "10.0.0.1", error: .permissionDenied("not authorized"))) {
            try response.results.single()
        }
        #expect(throws: NodeError.self) { try Machine_BootstrapResponse().results.single() }
    }

    @Test func aStreamChunkReportingAFailureFailsThePayload() {
        var failed = Common_Data()
        failed.metadata.hostname = "10.0.0.1"
        failed.metadata.status.code = 14
        failed.metadata.status.message = "connection refused"
        let chunks = [Common_Data.with { $0.bytes = Data([1]) }, failed]
        #expect(throws: NodeError(node: "10.0.0.1", error: .unavailable("connection refused"))) {
            try chunks.concatenatedBytes()
        }
    }
}
