import Foundation
import KilnCrypto
import KilnHTTP

/// The HTTP client against nghttpd on loopback: what kiln's Proxmox, Kubernetes and Talos
/// calls cost once the network is out of the picture.
struct HTTPBenchmarks {
    let workspace: URL

    func run() async throws -> [Measurement] {
        let documents = workspace.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        try Data("{\"data\":{\"version\":\"8.4.1\"}}".utf8).write(to: documents.appendingPathComponent("small.json"))
        let bigSize = 256 << 20
        // A sparse file: the disk is not the thing measured.
        try Data().write(to: documents.appendingPathComponent("image.raw"))
        try FileHandle(forWritingTo: documents.appendingPathComponent("image.raw")).truncate(atOffset: UInt64(bigSize))

        let (certificate, key) = try makeCertificate()
        let tls = try LoopbackPeer("nghttpd") { ["-a", "127.0.0.1", "-d", documents.path, String($0), key, certificate] }
        let clear = try LoopbackPeer("nghttpd") { ["-a", "127.0.0.1", "-d", documents.path, "--no-tls", String($0)] }
        let trust = TLSConfiguration(trust: .certificateAuthorities(pem: try String(contentsOfFile: certificate, encoding: .utf8)))
        let small = URL(string: "https://127.0.0.1:\(tls.port)/small.json")!

        var rows: [Measurement] = []
        let shared = try HTTPClient(configuration: .init(tls: trust))
        _ = try await shared.send(HTTPRequest(url: small))  // connect once, outside the timing
        rows.append(try await Runner.measure("GET, HTTP/2 over TLS, 1 connection, 32 in flight", count: 4000, width: 32) {
            _ = try await shared.send(HTTPRequest(url: small))
        })
        rows.append(try await Runner.measure("GET, HTTP/2 over TLS, sequential", count: 1000, width: 1) {
            _ = try await shared.send(HTTPRequest(url: small))
        })
        rows.append(try await Runner.measure("GET, new TLS connection each (handshake)", count: 200, width: 1) {
            _ = try await HTTPClient(configuration: .init(tls: trust)).send(HTTPRequest(url: small))
        })
        let h2c = try HTTPClient(configuration: .init(version: .http2PriorKnowledge))
        let clearURL = URL(string: "http://127.0.0.1:\(clear.port)/small.json")!
        _ = try await h2c.send(HTTPRequest(url: clearURL))
        rows.append(try await Runner.measure("GET, h2c prior knowledge, 32 in flight", count: 1000, width: 32) {
            _ = try await h2c.send(HTTPRequest(url: clearURL))
        })

        let target = workspace.appendingPathComponent("download.raw")
        let image = URL(string: "https://127.0.0.1:\(tls.port)/image.raw")!
        var download = try await Runner.measure("download 256 MiB to a file over TLS", count: 3, width: 1) {
            _ = try await shared.download(HTTPRequest(url: image, timeout: .seconds(120)), to: target)
        }
        download.bytes = Int64(bigSize) * 3
        rows.append(download)
        tls.stop()
        clear.stop()
        return rows
    }

    /// A self-signed P-256 certificate for 127.0.0.1 (serving as its own CA), made with KilnCrypto.
    private func makeCertificate() throws -> (certificate: String, key: String) {
        let certificate = workspace.appendingPathComponent("server.pem").path
        let key = workspace.appendingPathComponent("server.key").path
        let privateKey = try PrivateKey.generate(.ecdsaP256)
        let builder = CertificateBuilder(subject: DistinguishedName(commonName: "localhost"), validity: .hours(24),
                                         isCA: true, keyUsage: [.digitalSignature, .keyCertSign], ipAddresses: ["127.0.0.1"])
        try builder.selfSigned(with: privateKey).pem.write(toFile: certificate, atomically: true, encoding: .utf8)
        try privateKey.pem(.pkcs8).write(toFile: key, atomically: true, encoding: .utf8)
        return (certificate, key)
    }
}
