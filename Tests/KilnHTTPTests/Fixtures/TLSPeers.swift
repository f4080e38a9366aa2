import Foundation
import KilnTestSupport

/// Real TLS servers for the client tests, on free loopback ports.
enum TLSPeers {
    /// `openssl s_server -www`: answers every request with an HTTP/1.0 status page. With
    /// `clientCA`, a client certificate issued by that CA is required.
    static func opensslServer(pki: CommandLinePKI, certificate: String = "server", clientCA: String? = nil,
                              extraArguments: [String] = []) throws -> (BackgroundProcess, URL) {
        let openssl = try ExternalTools.require("openssl")
        return try startOnFreePort(name: "s_server") { port in
            var arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", pki.path(certificate + ".pem"),
                             "-key", pki.path(certificate + ".key"), "-www"]
            if let clientCA {
                // Without -verify_return_error s_server logs a bad client certificate and serves anyway.
                arguments += ["-CAfile", pki.path(clientCA + ".pem"), "-Verify", "1", "-verify_return_error"]
            }
            return (openssl, arguments + extraArguments)
        }
    }

    /// `nghttpd`: HTTP/2 only (TLS with ALPN h2, or clear text), serving `documentRoot`, adding
    /// `trailers` to every response that has a body.
    static func nghttpd(pki: CommandLinePKI?, documentRoot: String, trailers: [String] = []) throws -> (BackgroundProcess, URL) {
        let nghttpd = try ExternalTools.require("nghttpd")
        return try startOnFreePort(name: "nghttpd", scheme: pki == nil ? "http" : "https") { port in
            // No content-length, as gRPC servers answer: libcurl 7.88 ends a response once
            // content-length bytes have arrived and never reads trailers that follow them.
            var arguments = ["-a", "127.0.0.1", "-d", documentRoot, "--no-content-length"]
            for trailer in trailers { arguments += ["--trailer", trailer] }
            if let pki {
                arguments += [String(port), pki.path("server.key"), pki.path("server.pem")]
            } else {
                arguments += ["--no-tls", String(port)]
            }
            return (nghttpd, arguments)
        }
    }

    private static func startOnFreePort(name: String, scheme: String = "https",
                                        command: (UInt16) -> (String, [String])) throws -> (BackgroundProcess, URL) {
        var lastError: Error?
        // A free port can be taken between the probe and the server's bind: try a few.
        for attempt in 0..<5 {
            let port = Ports.free()
            let (executable, arguments) = command(port)
            let log = NSTemporaryDirectory() + "kiln-\(name)-\(port)-\(attempt).log"
            do {
                let process = try BackgroundProcess(executable, arguments, logPath: log) { Ports.isAccepting(port: port) }
                return (process, URL(string: "\(scheme)://127.0.0.1:\(port)")!)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }
}
