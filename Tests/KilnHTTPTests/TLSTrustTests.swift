import Foundation
import KilnCrypto
import KilnHTTP
import KilnTestSupport
import Testing

/// Server trust against a real `openssl s_server`.
@Suite("TLS server trust")
struct TLSTrustTests {
    let pki: CommandLinePKI
    init() async throws { pki = try await CommandLinePKI.shared() }

    @Test func aCABundleInMemoryTrustsTheServerItIssued() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki)
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .certificateAuthorities(pem: try pki.pem("ca.pem")))))
        let response = try await client.send(HTTPRequest(url: url))
        #expect(response.status == 200)
        #expect(Hex.encode(try #require(response.metadata.serverCertificateSHA256), uppercase: true, separator: ":")
                == (try pki.fingerprint("server.pem")))
    }

    @Test func aBundleOfAnotherCAIsRefusedNamingTheFingerprint() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki)
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .certificateAuthorities(pem: try pki.pem("other-ca.pem")))))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .untrustedServer)
        #expect(error?.message.contains(try pki.fingerprint("server.pem")) == true)
    }

    @Test func aSelfSignedServerIsRefusedByDefaultWithItsFingerprint() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, certificate: "selfsigned")
        defer { server.stop() }
        let error = await #expect(throws: HTTPError.self) { try await HTTPClient().send(HTTPRequest(url: url)) }
        let fingerprint = try pki.fingerprint("selfsigned.pem")
        #expect(error?.kind == .untrustedServer)
        #expect(error?.message.contains("self-signed certificate") == true)
        #expect(error?.message.contains(fingerprint) == true)
        #expect(error.flatMap { $0.serverCertificateSHA256 }.map { Hex.encode($0, uppercase: true, separator: ":") } == fingerprint)
    }

    @Test func thePinnedFingerprintIsTrustedWhateverTheNameOrIssuer() async throws {
        // Like a Proxmox node: self-signed for its host name, reached by IP.
        let (server, url) = try TLSPeers.opensslServer(pki: pki, certificate: "selfsigned")
        defer { server.stop() }
        let pin = try #require(ServerTrust.fingerprint(try pki.fingerprint("selfsigned.pem")))
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .pinnedCertificate(sha256: pin))))
        let response = try await client.send(HTTPRequest(url: url))
        #expect(response.status == 200)
    }

    @Test func aWrongPinIsRefusedShowingBothFingerprints() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, certificate: "selfsigned")
        defer { server.stop() }
        let wrong = [UInt8](repeating: 0xAB, count: 32)
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .pinnedCertificate(sha256: wrong))))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .pinMismatch)
        #expect(error?.message.contains(try pki.fingerprint("selfsigned.pem")) == true)
        #expect(error?.message.contains(Hex.encode(wrong, uppercase: true, separator: ":")) == true)
    }

    @Test func aPinRefusesEvenACertificateTheCAWouldTrust() async throws {
        // The pin is the identity: a valid chain for another certificate is not enough.
        let (server, url) = try TLSPeers.opensslServer(pki: pki)
        defer { server.stop() }
        let otherPin = try #require(ServerTrust.fingerprint(try pki.fingerprint("client-ecdsa.pem")))
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .pinnedCertificate(sha256: otherPin))))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .pinMismatch)
    }

    @Test func insecureModeAcceptsAnythingButOnlyWhenAskedByName() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, certificate: "selfsigned")
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .insecureSkipVerification(reason: "test"))))
        let response = try await client.send(HTTPRequest(url: url))
        #expect(response.status == 200)
    }

    @Test func aServerLimitedToTLS11IsRefused() async throws {
        let (server, url) = try TLSPeers.opensslServer(pki: pki, extraArguments: ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .certificateAuthorities(pem: try pki.pem("ca.pem")))))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .tlsFailed)
    }

    @Test func anHTTP1OnlyServerIsReachedOverHTTP1() async throws {
        // s_server offers no ALPN h2: the client falls back to HTTP/1.x.
        let (server, url) = try TLSPeers.opensslServer(pki: pki)
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(tls: .init(trust: .certificateAuthorities(pem: try pki.pem("ca.pem")))))
        let response = try await client.send(HTTPRequest(url: url))
        #expect(response.metadata.httpVersion == .http1_0)
        #expect(String(decoding: response.body, as: UTF8.self).contains("s_server"))
    }

    @Test func fingerprintsAreReadInTheFormsPeopleCopy() {
        let hex = String(repeating: "ab", count: 32)
        let colon = Array(repeating: "AB", count: 32).joined(separator: ":")
        #expect(ServerTrust.fingerprint(hex) == [UInt8](repeating: 0xAB, count: 32))
        #expect(ServerTrust.fingerprint(colon) == [UInt8](repeating: 0xAB, count: 32))
        #expect(ServerTrust.fingerprint("SHA256:" + colon) == [UInt8](repeating: 0xAB, count: 32))
        #expect(ServerTrust.fingerprint(String(hex.dropLast(2))) == nil)
        #expect(ServerTrust.fingerprint(String(repeating: "zz", count: 32)) == nil)
    }
}
