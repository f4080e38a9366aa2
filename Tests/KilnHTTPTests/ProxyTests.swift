import Foundation
@testable import KilnHTTP
import KilnTestSupport
import Testing

@Suite("Proxies from the environment")
struct ProxyTests {
    @Test func httpProxyFromTheEnvironmentIsUsed() async throws {
        let proxy = try TestHTTPServer { request in .text("via proxy: \(request.target)") }
        let client = try HTTPClient(configuration: .init(proxy: .environment(["http_proxy": proxy.baseURL.absoluteString])))
        let response = try await client.send(HTTPRequest(url: URL(string: "http://pve.kiln.invalid:8006/api2/json/version")!))
        #expect(String(decoding: response.body, as: UTF8.self) == "via proxy: http://pve.kiln.invalid:8006/api2/json/version")
        #expect(proxy.requests.first?.requestLine == "GET http://pve.kiln.invalid:8006/api2/json/version HTTP/1.1")
    }

    @Test func noProxyHostsGoDirect() async throws {
        let proxy = try TestHTTPServer { _ in .text("via proxy") }
        let origin = try TestHTTPServer { _ in .text("direct") }
        let environment = ["http_proxy": proxy.baseURL.absoluteString, "no_proxy": "localhost,127.0.0.1"]
        let client = try HTTPClient(configuration: .init(proxy: .environment(environment)))
        let response = try await client.send(HTTPRequest(url: origin.baseURL))
        #expect(String(decoding: response.body, as: UTF8.self) == "direct")
        #expect(proxy.requests.isEmpty)
    }

    @Test func uppercaseHTTPProxyIsIgnoredAsCurlDoes() {
        let settings = ProxySettings.environment(["HTTP_PROXY": "http://evil:3128"])
        #expect(settings.resolve(for: URL(string: "http://pve:8006")!).proxy == nil)
    }

    @Test func httpsUsesHttpsProxyInEitherCaseThenAllProxy() {
        let url = URL(string: "https://pve:8006")!
        #expect(ProxySettings.environment(["HTTPS_PROXY": "http://a:1"]).resolve(for: url).proxy == "http://a:1")
        #expect(ProxySettings.environment(["https_proxy": "http://b:1", "ALL_PROXY": "http://c:1"]).resolve(for: url).proxy == "http://b:1")
        #expect(ProxySettings.environment(["all_proxy": "socks5://c:1"]).resolve(for: url).proxy == "socks5://c:1")
        #expect(ProxySettings.environment(["http_proxy": "http://d:1"]).resolve(for: url).proxy == nil)
        #expect(ProxySettings.none.resolve(for: url).proxy == nil)
    }

    @Test func anExplicitProxyIgnoresTheEnvironment() async throws {
        let proxy = try TestHTTPServer { _ in .text("explicit") }
        let client = try HTTPClient(configuration: .init(proxy: .explicit(url: proxy.baseURL.absoluteString)))
        let response = try await client.send(HTTPRequest(url: URL(string: "http://somewhere.kiln.invalid/")!))
        #expect(String(decoding: response.body, as: UTF8.self) == "explicit")
    }
}
