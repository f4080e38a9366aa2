import Foundation
import KilnHTTP
import KilnTestSupport
import Testing

/// HTTP/2 against `nghttpd`, which speaks nothing else: ALPN over TLS, or h2c with prior knowledge.
@Suite("HTTP/2")
struct HTTP2Tests {
    let pki: CommandLinePKI
    let documents: TemporaryDirectory

    init() async throws {
        pki = try await CommandLinePKI.shared()
        documents = try TemporaryDirectory(prefix: "kiln-h2-docs")
        try documents.write("reply.bin", "framed gRPC reply", mode: 0o644)
    }

    func tlsClient() throws -> HTTPClient {
        try HTTPClient(configuration: .init(tls: .init(trust: .certificateAuthorities(pem: try pki.pem("ca.pem")))))
    }

    @Test func alpnNegotiatesHTTP2AndTrailersArriveSeparately() async throws {
        let (server, url) = try TLSPeers.nghttpd(pki: pki, documentRoot: documents.path,
                                                 trailers: ["grpc-status: 0", "grpc-message: all%20good"])
        defer { server.stop() }
        let response = try await tlsClient().send(HTTPRequest(url: url.appendingPathComponent("reply.bin")))
        #expect(response.metadata.httpVersion == .http2)
        #expect(response.status == 200)
        #expect(response.reason == "")
        #expect(String(decoding: response.body, as: UTF8.self) == "framed gRPC reply")
        #expect(response.trailers["grpc-status"] == "0")
        #expect(response.trailers["grpc-message"] == "all%20good")
        #expect(response.headers["grpc-status"] == nil)
    }

    @Test func concurrentRequestsShareOneConnection() async throws {
        let (server, url) = try TLSPeers.nghttpd(pki: pki, documentRoot: documents.path)
        defer { server.stop() }
        let client = try tlsClient()
        // Open the connection first so the concurrent requests have something to multiplex on.
        let first = try await client.send(HTTPRequest(url: url.appendingPathComponent("reply.bin")))
        let connections = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask { try await client.send(HTTPRequest(url: url.appendingPathComponent("reply.bin"))).metadata.newConnections }
            }
            return try await group.reduce(0, +)
        }
        #expect(first.metadata.newConnections == 1)
        #expect(connections == 0)
    }

    @Test func priorKnowledgeSpeaksHTTP2InClearText() async throws {
        let (server, url) = try TLSPeers.nghttpd(pki: nil, documentRoot: documents.path, trailers: ["grpc-status: 0"])
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(version: .http2PriorKnowledge))
        let response = try await client.send(HTTPRequest(url: url.appendingPathComponent("reply.bin")))
        #expect(response.metadata.httpVersion == .http2)
        #expect(response.trailers["grpc-status"] == "0")
    }

    @Test func priorKnowledgeRequestsCanFollowEachOtherAndRunTogether() async throws {
        // libcurl 7.88 breaks a reused h2c connection; the client must not let that show.
        let (server, url) = try TLSPeers.nghttpd(pki: nil, documentRoot: documents.path)
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(version: .http2PriorKnowledge))
        let reply = url.appendingPathComponent("reply.bin")
        for _ in 0..<3 { #expect(try await client.send(HTTPRequest(url: reply)).status == 200) }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await client.send(HTTPRequest(url: reply)).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
    }

    @Test func aMissingFileIsA404NotAnError() async throws {
        let (server, url) = try TLSPeers.nghttpd(pki: pki, documentRoot: documents.path)
        defer { server.stop() }
        let response = try await tlsClient().send(HTTPRequest(url: url.appendingPathComponent("absent")))
        #expect(response.status == 404)
    }
}
