import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KilnCrypto
import KilnTalosAPI

/// A lab Talos node's machine API: grpc-swift over NIO, HTTP/2 over TLS with ALPN h2, bound to
/// the node's loopback address. It starts in maintenance mode with a fresh self-signed
/// certificate (P-256) and checks no client certificate, as a node booted without a config.
/// After a config is applied it goes down for `rebootTime` and comes back configured: a
/// certificate issued by the config's OS CA, client certificates required under that CA.
public final class TalosNode: Sendable {
    public let settings: TalosNodeSettings
    /// The maintenance certificate, whose SHA-256 a careful client pins.
    public let certificate: LabCertificate
    /// The port actually bound (differs from `settings.port` when that was 0); kept across reboots.
    public let port: Int
    let state: TalosNodeState
    private let listener: TalosNodeListener

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

    private init(settings: TalosNodeSettings, certificate: LabCertificate, port: Int, state: TalosNodeState,
                 listener: TalosNodeListener) {
        self.settings = settings
        self.certificate = certificate
        self.port = port
        self.state = state
        self.listener = listener
    }

    /// Binds and serves in maintenance mode; returns once the port accepts connections.
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
        let state = TalosNodeState(settings: settings)
        let listener = TalosNodeListener(state: state)
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: settings.host, port: settings.port), transportSecurity: security)
        let port: Int
        do {
            port = try await listener.serve(transport) { try await transport.listeningAddress }
        } catch {
            throw .bind(host: settings.host, port: settings.port, reason: "\(error)")
        }
        return TalosNode(settings: settings, certificate: certificate, port: port, state: state, listener: listener)
    }

    /// Stops listening and waits for the server to end (open calls are cut short).
    public func stop() async {
        await listener.stop(final: true)
    }

    /// The configs this node accepted, in order.
    public var appliedConfigs: [Data] { get async { await state.appliedConfigs } }

    /// Whether the node has come back from its reboot with its config.
    public var isConfigured: Bool {
        get async { if case .configured = await state.phase { true } else { false } }
    }

    /// The certificate served in configured mode, once there.
    public var configuredCertificate: Certificate? { get async { await listener.configuredCertificate } }
}

/// The node's one listening server at a time: maintenance, nothing (rebooting), configured.
actor TalosNodeListener {
    private let state: TalosNodeState
    private let peers = TalosPeerRegistry()
    private var shutdown: (@Sendable () -> Void)?
    private var serving: Task<Void, any Error>?
    private var port = 0
    private var stopped = false
    private(set) var configuredCertificate: Certificate?

    init(state: TalosNodeState) {
        self.state = state
    }

    /// Starts a server on `transport`; returns the bound port.
    func serve<Transport: ServerTransport>(
        _ transport: Transport, boundTo address: @Sendable () async throws -> GRPCNIOTransportHTTP2.SocketAddress?
    ) async throws -> Int {
        let peers = peers
        let service = TalosMachineService(state: state, peers: peers) { [weak self] summary in
            guard let self else { return }
            Task { await self.reboot(into: summary) }
        }
        let server = GRPCServer(transport: transport, services: [service])
        let task = Task { try await server.serve() }
        shutdown = { server.beginGracefulShutdown() }
        serving = task
        do {
            guard let bound = try await address()?.ipv4 else {
                throw TalosNode.StartError.bind(host: "?", port: 0, reason: "not an IPv4 listener")
            }
            port = bound.port
            return bound.port
        } catch {
            await stop(final: false)
            throw error
        }
    }

    /// Ends the current server. In-flight calls get a moment to finish, then are cut.
    func stop(final: Bool) async {
        if final { stopped = true }
        guard let serving else { return }
        shutdown?()
        let grace = Task {
            try? await Task.sleep(for: .seconds(1))
            serving.cancel()
        }
        _ = await serving.result
        grace.cancel()
        self.serving = nil
        shutdown = nil
    }

    /// "Install and reboot": let the ApplyConfiguration reply leave, go down for the reboot
    /// time, come back configured with a certificate from the config's OS CA.
    private func reboot(into summary: TalosMachineConfigSummary) async {
        try? await Task.sleep(for: .milliseconds(50))
        await stop(final: false)
        try? await Task.sleep(for: state.settings.rebootTime)
        guard !stopped else { return }
        let identity: TalosNodeIdentity
        do {
            identity = try TalosNodeIdentity.issue(for: state.settings.host, from: summary)
        } catch {
            // A node that cannot boot its config stays down, as a real one would: the caller's
            // wait for the configured API times out and names what it last saw.
            await state.setPhase(.rebooting)
            return
        }
        configuredCertificate = identity.certificate
        // The port the maintenance listener held may take a moment to be free again on a busy
        // machine: binding is retried, the way a booting node's apid simply starts a bit later.
        for _ in 0..<100 where !stopped {
            do {
                let transport = HTTP2ServerTransport.Custom(listenerFactory: TalosConfiguredListener(
                    host: state.settings.host, port: port, serverCertificate: identity.certificate,
                    serverKey: identity.key, osCA: identity.osCA, peers: peers))
                await state.setPhase(.configured(since: .now))
                _ = try await serve(transport) { await transport.listeningAddress }
                return
            } catch {
                await state.setPhase(.rebooting)
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
