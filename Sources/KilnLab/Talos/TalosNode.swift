import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KilnCrypto
import KilnTalosAPI

/// A lab Talos node's machine API: grpc-swift over NIO, HTTP/2 over TLS with ALPN h2, bound to
/// the node's loopback address. It starts in maintenance mode with a fresh self-signed
/// certificate (P-256) and checks no client certificate, as a node booted without a config.
public final class TalosNode: Sendable {
    public let settings: TalosNodeSettings
    /// The maintenance certificate, whose SHA-256 a careful client pins.
    public let certificate: LabCertificate
    let state: TalosNodeState
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let serving: Task<Void, any Error>
    /// The port actually bound (differs from `settings.port` when that was 0).
    public let port: Int

    public enum StartError: Error, Sendable, CustomStringConvertible {
        case certificate(String)
        case bind(host: String, port: Int, reason: String)

        public var description: String {
            switch self {
            case .certificate(let reason): "the Talos node's certificate could not be made: \(reason)"
            case .bind(let host, let port, let reason): "the Talos node could not listen on \(host):\(port): \(reason)"
            }
        }
    }

    private init(settings: TalosNodeSettings, certificate: LabCertificate, state: TalosNodeState,
                 server: GRPCServer<HTTP2ServerTransport.Posix>, serving: Task<Void, any Error>, port: Int) {
        self.settings = settings
        self.certificate = certificate
        self.state = state
        self.server = server
        self.serving = serving
        self.port = port
    }

    /// Binds and serves; returns once the port accepts connections.
    public static func start(_ settings: TalosNodeSettings) async throws(StartError) -> TalosNode {
        let certificate: LabCertificate
        let keyPEM: String
        do {
            certificate = try LabCertificate.generate(hosts: [settings.host])
            keyPEM = try certificate.key.pem(.pkcs8)
        } catch {
            throw .certificate("\(error)")
        }
        let security = HTTP2ServerTransport.Posix.TransportSecurity.tls(
            certificateChain: [.bytes(certificate.certificate.der, format: .der)],
            privateKey: .bytes(Array(keyPEM.utf8), format: .pem)
        ) { tls in
            // apid speaks gRPC over h2 only and refuses clients that do not negotiate it.
            tls.requireALPN = true
        }
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: settings.host, port: settings.port), transportSecurity: security)
        let state = TalosNodeState(settings: settings)
        let server = GRPCServer(transport: transport, services: [TalosMachineService(state: state)])
        let serving = Task { try await server.serve() }
        let port: Int
        do {
            guard let bound = try await transport.listeningAddress.ipv4 else {
                throw StartError.bind(host: settings.host, port: settings.port, reason: "not an IPv4 listener")
            }
            port = bound.port
        } catch {
            server.beginGracefulShutdown()
            serving.cancel()
            throw .bind(host: settings.host, port: settings.port, reason: "\(error)")
        }
        return TalosNode(settings: settings, certificate: certificate, state: state, server: server,
                         serving: serving, port: port)
    }

    /// Stops listening and waits for the server to end (open calls are cut short).
    public func stop() async {
        server.beginGracefulShutdown()
        serving.cancel()
        _ = await serving.result
    }

    /// The configs this node accepted, in order.
    public var appliedConfigs: [Data] { get async { await state.appliedConfigs } }
}
