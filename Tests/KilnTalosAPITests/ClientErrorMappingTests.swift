import KilnHTTP
import Testing
@testable import KilnTalosAPI

@Suite struct ClientErrorMappingTests {
    static func broken(afterHandshake: Bool) -> HTTPError {
        var error = HTTPError(.transferFailed, request: "POST https://10.0.0.1:50000/machine.MachineService/Version",
                              message: "Failed sending data to the peer", curlCode: 55)
        error.closedAfterTLSHandshake = afterHandshake
        return error
    }

    @Test func aFreshConnectionDroppedBeforeAnyReplyIsARefusedClientCertificate() {
        let error = TalosClientError.from(Self.broken(afterHandshake: true), endpoint: "10.0.0.1:50000")
        guard case .tls(let endpoint, let kind, let reason) = error else {
            Issue.record("not TLS: \(error)")
            return
        }
        #expect(endpoint == "10.0.0.1:50000")
        #expect(kind == .tlsFailed)
        #expect(reason.contains("client certificate"))
    }

    @Test func otherBrokenTransfersStayTransportFailures() {
        guard case .transport = TalosClientError.from(Self.broken(afterHandshake: false), endpoint: "10.0.0.1:50000") else {
            Issue.record("not a transport failure")
            return
        }
    }
}
