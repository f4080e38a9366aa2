import Foundation
import KilnSSH
import Testing

/// Runs `body` and returns the SSHError it throws, recording a failure if it throws something
/// else or nothing.
func expectSSHError(_ kind: SSHError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () async throws -> Void) async -> SSHError? {
    do {
        try await body()
        Issue.record("expected SSHError.\(kind), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as SSHError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected SSHError.\(kind), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Connects with an Ed25519 user key and the server's key in known_hosts.
func connectEd25519(_ server: TestSSHD) async throws -> SSHClient {
    let key = try server.makeUserKey("id_ed25519_\(UUID().uuidString.prefix(6))")
    return try await SSHClient.connect(server.configuration(.privateKey(key.sshPrivateKey)))
}
