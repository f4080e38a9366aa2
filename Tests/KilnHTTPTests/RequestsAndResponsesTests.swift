import Foundation
import KilnHTTP
import KilnTestSupport
import Testing

@Suite("Requests and responses over plain HTTP")
struct RequestsAndResponsesTests {
    @Test func aGetReturnsStatusReasonHeadersAndBody() async throws {
        let server = try TestHTTPServer { _ in
            .init(status: 200, reason: "Fine Thanks", headers: [("X-Answer", "42")], body: Data("hello".utf8))
        }
        let client = try HTTPClient()
        let response = try await client.send(HTTPRequest(url: server.baseURL.appendingPathComponent("version")))
        #expect(response.status == 200)
        #expect(response.reason == "Fine Thanks")
        #expect(response.headers["x-answer"] == "42")
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
        #expect(response.metadata.httpVersion == .http1_1)
        #expect(server.requests.first?.requestLine == "GET /version HTTP/1.1")
    }

    @Test func theReasonPhraseOfAnErrorIsKeptVerbatim() async throws {
        // Proxmox puts its error text in the reason phrase.
        let server = try TestHTTPServer { _ in .init(status: 500, reason: "can't lock file '/var/lock/qemu-server/lock-110.conf' - got timeout") }
        let response = try await HTTPClient().send(HTTPRequest(url: server.baseURL))
        #expect(response.status == 500)
        #expect(response.reason == "can't lock file '/var/lock/qemu-server/lock-110.conf' - got timeout")
        #expect(!response.isSuccess)
    }

    @Test(arguments: [HTTPMethod.post, .put, .patch, .delete])
    func methodsWithABodySendItWithItsHeaders(method: HTTPMethod) async throws {
        let server = try TestHTTPServer { _ in .text("ok") }
        let form = Data("newid=123&full=1".utf8)
        let request = HTTPRequest(method: method, url: server.baseURL.appendingPathComponent("clone"),
                                  headers: ["Content-Type": "application/x-www-form-urlencoded", "CSRFPreventionToken": "abc"],
                                  body: form)
        _ = try await HTTPClient().send(request)
        let seen = try #require(server.requests.first)
        #expect(seen.method == method.rawValue)
        #expect(seen.body == form)
        #expect(seen.header("content-type") == "application/x-www-form-urlencoded")
        #expect(seen.header("csrfpreventiontoken") == "abc")
        #expect(seen.header("expect") == nil)
    }

    @Test func aPostWithoutBodySendsAnEmptyOne() async throws {
        let server = try TestHTTPServer { _ in .text("ok") }
        _ = try await HTTPClient().send(HTTPRequest(method: .post, url: server.baseURL.appendingPathComponent("status/start")))
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.header("content-length") == "0")
    }

    @Test func aDeleteWithoutBodyHasNone() async throws {
        let server = try TestHTTPServer { _ in .text("ok") }
        _ = try await HTTPClient().send(HTTPRequest(method: .delete, url: server.baseURL.appendingPathComponent("qemu/101")))
        let seen = try #require(server.requests.first)
        #expect(seen.requestLine == "DELETE /qemu/101 HTTP/1.1")
        #expect(seen.body.isEmpty)
    }

    @Test func chunkedTrailersAreSeparateFromHeaders() async throws {
        let server = try TestHTTPServer { _ in
            .init(headers: [("Content-Type", "application/grpc")], body: Data("payload".utf8),
                  trailers: [("grpc-status", "0"), ("grpc-message", "done")])
        }
        let response = try await HTTPClient().send(HTTPRequest(url: server.baseURL))
        #expect(String(decoding: response.body, as: UTF8.self) == "payload")
        #expect(response.headers["content-type"] == "application/grpc")
        #expect(response.headers["grpc-status"] == nil)
        #expect(response.trailers["grpc-status"] == "0")
        #expect(response.trailers["grpc-message"] == "done")
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try TestHTTPServer { _ in .text("ok") }
        let client = try HTTPClient()
        let first = try await client.send(HTTPRequest(url: server.baseURL))
        let second = try await client.send(HTTPRequest(url: server.baseURL))
        let third = try await client.send(HTTPRequest(url: server.baseURL))
        #expect(first.metadata.newConnections == 1)
        #expect(second.metadata.newConnections == 0)
        #expect(third.metadata.newConnections == 0)
        #expect(server.connectionsAccepted == 1)
        #expect(server.requests.map(\.connection) == [1, 1, 1])
    }

    @Test func aRefusedConnectionIsAConnectionFailure() async throws {
        let refusing = Ports.Refusing()
        let port = refusing.port
        let error = await #expect(throws: HTTPError.self) {
            try await HTTPClient().send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/")!))
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.request == "GET http://127.0.0.1:\(port)/")
        withExtendedLifetime(refusing) {}
    }

    @Test func credentialsInTheURLNeverAppearInErrors() async throws {
        let refusing = Ports.Refusing()
        let port = refusing.port
        let error = await #expect(throws: HTTPError.self) {
            try await HTTPClient().send(HTTPRequest(url: URL(string: "http://root:hunter2@127.0.0.1:\(port)/")!))
        }
        #expect(error.map { !"\($0)".contains("hunter2") } == true)
        withExtendedLifetime(refusing) {}
    }

    @Test func onlyHTTPAndHTTPSAreAccepted() async throws {
        let error = await #expect(throws: HTTPError.self) {
            try await HTTPClient().send(HTTPRequest(url: URL(string: "file:///etc/passwd")!))
        }
        #expect(error?.kind == .invalidRequest)
    }
}
