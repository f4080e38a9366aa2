import Foundation
import KilnHTTP
import KilnProxmox
import KilnTestSupport
import Testing

@Suite("PVE errors become ProxmoxError")
struct ErrorMappingTests {
    @Test func aParameterErrorKeepsTheReasonPhraseTheErrorsMapAndTheRequest() async throws {
        let pve = try FakePVE { _, _ in
            .pveError(400, "Parameter verification failed.", errors: ["memory": "value must have a minimum value of 16"])
        }
        let error = try await #require(throws: ProxmoxError.self) {
            try await pve.client().updateConfig(node: "pve1", vmid: 100, fields: ["memory": 1])
        }
        #expect(error.kind == .parameters)
        #expect(error.status == 400)
        #expect(error.reason == "Parameter verification failed.")
        #expect(error.errors == ["memory": "value must have a minimum value of 16"])
        #expect(error.request == "PUT /nodes/pve1/qemu/100/config")
        #expect(error.description.contains("memory: value must have a minimum value of 16"))
        #expect(!error.description.contains(FakePVE.tokenSecret))
    }

    @Test func aPermissionErrorShowsPVEsMessageAndTheMissingPrivilege() async throws {
        let pve = try FakePVE { _, _ in .pveError(403, "Permission check failed (/vms/9000, VM.Clone)") }
        let error = try await #require(throws: ProxmoxError.self) {
            try await pve.client().clone(node: "pve1", template: 9000, newID: 101)
        }
        #expect(error.kind == .permission)
        #expect(error.description.contains("Permission check failed (/vms/9000, VM.Clone)"))
        #expect(error.missingPrivilege?.path == "/vms/9000")
        #expect(error.missingPrivilege?.privilege == "VM.Clone")
        #expect(error.hint.contains("VM.Clone") && error.hint.contains("/vms/9000"))
        #expect(pve.requests.count == 1, "a permission error is not retried")
    }

    @Test func a500ConfigurationFileDoesNotExistMeansNotFound() async throws {
        let pve = try FakePVE { _, _ in .pveError(500, "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist") }
        let error = try await #require(throws: ProxmoxError.self) { try await pve.client().vmConfig(node: "pve1", vmid: 100) }
        #expect(error.kind == .notFound)
        #expect(error.reason == "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist")
        #expect(error.hint.contains("moved"))
        #expect(pve.requests.count == 1, "not found is not retried")
    }

    @Test(arguments: [
        (500, "got no worker upid - start worker failed", ProxmoxError.Kind.transient),
        (500, "proxy handler failed: got timeout", .transient),
        (503, "Service Unavailable", .transient),
        (500, "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout", .locked),
        (400, "VM 105 already exists", .alreadyExists),
        (401, "authentication failure", .authentication),
        (500, "storage 'nas' is not online", .other),
        (400, "Bad Request", .other),
    ])
    func statusAndMessageDecideTheKind(status: Int, reason: String, kind: ProxmoxError.Kind) async throws {
        let pve = try FakePVE { _, _ in .pveError(status, reason) }
        let error = try await #require(throws: ProxmoxError.self) {
            try await pve.client(options: FakePVE.fastOptions(attempts: 1)).nodes()
        }
        #expect(error.kind == kind)
        #expect(error.reason == reason)
        #expect(error.isRetryable == (kind == .transient || kind == .locked))
    }

    @Test func aRefusedConnectionIsAConnectionLevelTransientError() async throws {
        let refusing = Ports.Refusing()
        let settings = ProxmoxConnectionSettings(endpoint: URL(string: "https://127.0.0.1:\(refusing.port)")!,
                                                 credentials: .apiToken(ProxmoxAPIToken(FakePVE.token)!))
        let client = try ProxmoxClient(settings: settings, options: FakePVE.fastOptions(attempts: 2))
        let error = try await #require(throws: ProxmoxError.self) { try await client.nodes() }
        withExtendedLifetime(refusing) {}
        #expect(error.kind == .transient)
        #expect(error.transport == .connectionFailed)
        #expect(error.status == nil)
    }

    @Test func anAnswerThatIsNotPVEJSONIsAnInvalidResponse() async throws {
        let pve = try FakePVE { _, _ in .text("<html>hello</html>") }
        let error = try await #require(throws: ProxmoxError.self) { try await pve.client().nodes() }
        #expect(error.kind == .invalidResponse)
    }
}
