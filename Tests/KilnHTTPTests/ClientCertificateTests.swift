import Foundation
import KilnHTTP
import KilnTestSupport
import Testing

/// Mutual TLS against `openssl s_server -Verify 1`, which requires a client certificate
/// issued by its CA.
@Suite("Client certificates (mTLS)")
struct ClientCertificateTests {
    let pki: CommandLinePKI
    init() async throws { pki = try await CommandLinePKI.shared() }

    func client(identity: String?, keyPEM: String? = nil) throws -> HTTPClient {
        let trust = ServerTrust.certificateAuthorities(pem: try pki.pem("ca.pem"))
        let clientIdentity = try identity.map {
            ClientIdentity(certificatePEM: try pki.pem("\($0).pem"), privateKeyPEM: try keyPEM ?? pki.pem("\($0).key"))
        }
        return try HTTPClient(configuration: .init(tls: .init(trust: trust, clientIdentity: clientIdentity)))
    }

    @Test(arguments: ["client-ed25519", "client-ecdsa", "client-rsa"])
    func aCertificateFromTheTrustedCAIsAccepted(identity: String) async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, clientCA: "ca")
        defer { server.stop() }
        let response = try await client(identity: identity).send(HTTPRequest(url: url))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("kiln test"))
    }

    @Test func anEd25519KeyUnderTalossLabelIsAccepted() async throws {
        // Talos writes Ed25519 keys as `ED25519 PRIVATE KEY` (a PKCS#8 body under another label).
        let (server, url) = try TLSPeers.opensslServer(pki: pki, clientCA: "ca")
        defer { server.stop() }
        let talosStyle = try pki.pem("client-ed25519.key")
            .replacingOccurrences(of: "BEGIN PRIVATE KEY", with: "BEGIN ED25519 PRIVATE KEY")
            .replacingOccurrences(of: "END PRIVATE KEY", with: "END ED25519 PRIVATE KEY")
        let response = try await client(identity: "client-ed25519", keyPEM: talosStyle).send(HTTPRequest(url: url))
        #expect(response.status == 200)
    }

    @Test func aCertificateFromAnotherCAIsATLSError() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, clientCA: "ca")
        defer { server.stop() }
        let error = await #expect(throws: HTTPError.self) { try await client(identity: "client-other").send(HTTPRequest(url: url)) }
        #expect(error?.kind == .tlsFailed)
        #expect(error?.message.contains("alert") == true)
    }

    @Test func noCertificateAtAllIsATLSError() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, clientCA: "ca")
        defer { server.stop() }
        let error = await #expect(throws: HTTPError.self) { try await client(identity: nil).send(HTTPRequest(url: url)) }
        #expect(error?.kind == .tlsFailed)
    }

    @Test func aKeyThatDoesNotMatchTheCertificateIsRefusedLocally() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, clientCA: "ca")
        defer { server.stop() }
        let mismatched = try client(identity: "client-ecdsa", keyPEM: pki.pem("client-rsa.key"))
        let error = await #expect(throws: HTTPError.self) { try await mismatched.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .tlsFailed)
    }

    @Test func theIdentityNeverPrintsItsKey() throws {
        let identity = ClientIdentity(certificatePEM: try pki.pem("client-ecdsa.pem"), privateKeyPEM: try pki.pem("client-ecdsa.key"))
        #expect(!"\(identity)".contains("PRIVATE KEY"))
    }
}
