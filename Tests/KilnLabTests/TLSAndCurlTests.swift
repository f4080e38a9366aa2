import Foundation
import KilnCrypto
import KilnHTTP
@testable import KilnLab
import KilnTestSupport
import Testing

@Suite("HTTPS: the certificate users pin, and a client that is not kiln")
struct TLSAndCurlTests {
    /// The server certificate's SHA-256 as openssl sees it on the wire, `AB:CD:…`.
    static func servedFingerprint(port: Int) throws -> String {
        let openssl = try ExternalTools.require("openssl")
        let chain = try ProcessRunner.run(openssl, ["s_client", "-connect", "127.0.0.1:\(port)", "-showcerts"], input: Data())
        let certificate = try Certificate(pem: chain.stdout)
        return certificate.sha256Fingerprint
    }

    @Test("The served certificate's SHA-256 is the lab's fingerprint; a pinned HTTPClient connects, a wrong pin does not")
    func pinnedFingerprint() async throws {
        try await withLab { lab in
            let served = try Self.servedFingerprint(port: lab.server.port)
            #expect(served == lab.server.certificate.fingerprint)
            #expect(try await lab.get("/version").status == 200)

            var wrong = ServerTrust.fingerprint(served)!
            wrong[0] ^= 0xFF
            let other = try HTTPClient(configuration: HTTPClientConfiguration(
                tls: TLSConfiguration(trust: .pinnedCertificate(sha256: wrong)), proxy: .none))
            await #expect(throws: (any Error).self) {
                _ = try await other.send(HTTPRequest(url: URL(string: lab.base + "/api2/json/version")!))
            }
        }
    }

    @Test("curl with the token reads /version, and sees PVE's reason phrase on errors")
    func curl() async throws {
        let curl = try ExternalTools.require("curl")
        try await withLab { lab in
            let version = try await ProcessRunner.launch(curl, ["-sk", "--noproxy", "*", "-H", "Authorization: PVEAPIToken=\(lab.token)",
                                                                "\(lab.base)/api2/json/version"])
            #expect(version.status == 0)
            let json = try JSON.decode(Data(version.stdout.utf8))
            #expect(json["data"]?["version"] == "9.1.1")
            #expect(json["data"]?["release"] == "9.1")

            let missing = try await ProcessRunner.launch(curl, ["-sk", "-i", "--noproxy", "*", "-H", "Authorization: PVEAPIToken=\(lab.token)",
                                                                "\(lab.base)/api2/json/nodes/lab/qemu/555/status/current"])
            #expect(missing.stdout.hasPrefix("HTTP/1.1 500 Configuration file 'nodes/lab/qemu-server/555.conf' does not exist\r\n"))

            let clone = try await ProcessRunner.launch(curl, ["-sk", "--noproxy", "*", "-H", "Authorization: PVEAPIToken=\(lab.token)",
                                                              "-d", "newid=130", "-d", "full=1", "\(lab.base)/api2/json/nodes/lab/qemu/9000/clone"])
            let upid = try #require(try JSON.decode(Data(clone.stdout.utf8))["data"]?.string)
            #expect(try await lab.waitForTask(upid)["exitstatus"] == "OK")
        }
    }
}
