import Foundation
import KilnHTTP
import KilnTestSupport
import Testing

@Suite("Redirects")
struct RedirectTests {
    @Test func redirectsAreFollowedAndCounted() async throws {
        let server = try TestHTTPServer { request in
            switch request.target {
            case "/old": .init(status: 301, reason: "Moved Permanently", headers: [("Location", "/middle")])
            case "/middle": .init(status: 302, reason: "Found", headers: [("Location", "/new")])
            default: .text("arrived at \(request.target)")
            }
        }
        let response = try await HTTPClient().send(HTTPRequest(url: server.baseURL.appendingPathComponent("old")))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "arrived at /new")
        #expect(response.metadata.redirectCount == 2)
        #expect(response.metadata.effectiveURL?.path == "/new")
        // Headers are those of the final response, not of the redirects.
        #expect(response.headers["location"] == nil)
    }

    @Test func aRedirectLoopStops() async throws {
        let server = try TestHTTPServer { _ in .init(status: 302, reason: "Found", headers: [("Location", "/again")]) }
        let client = try HTTPClient(configuration: .init(redirects: .follow(max: 3)))
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.baseURL.appendingPathComponent("again")))
        }
        #expect(error?.kind == .tooManyRedirects)
        #expect(server.requests.count == 4)
    }

    @Test func withRedirectsOffTheRedirectIsTheResponse() async throws {
        let server = try TestHTTPServer { _ in .init(status: 302, reason: "Found", headers: [("Location", "/elsewhere")]) }
        let client = try HTTPClient(configuration: .init(redirects: .none))
        let response = try await client.send(HTTPRequest(url: server.baseURL))
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/elsewhere")
        #expect(server.requests.count == 1)
    }
}
