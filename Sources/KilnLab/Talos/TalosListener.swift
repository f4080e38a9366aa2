import GRPCCore
import GRPCNIOTransportCore
import KilnCrypto
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// A node's listener in either mode, with the TLS stack set up here rather than by
/// grpc-swift-nio-transport, whose TLS config cannot enable Ed25519 (BoringSSL leaves it out of
/// its default signature lists, and Talos's certificates are all Ed25519), and which cannot cut
/// its connections at once when the machine goes down. Maintenance: a self-signed certificate, no
/// client certificate asked. Configured: mutual TLS under the config's OS CA. The gRPC pipeline
/// is then grpc-swift's own (`connectionConfigurator`).
struct TalosListener: HTTP2ServerTransport.ListenerFactory {
    enum Mode {
        case maintenance
        /// Client certificates must chain to this CA.
        case configured(osCA: Certificate)
    }

    let host: String
    let port: Int
    let serverCertificate: Certificate
    let serverKey: PrivateKey
    let mode: Mode
    let peers: TalosPeerRegistry
    let connections: TalosConnections
    var eventLoopGroup: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    func makeListeningChannel(
        listenerConfigurator: HTTP2ServerTransport.ListenerConfigurator,
        connectionConfigurator: HTTP2ServerTransport.ConnectionConfigurator
    ) async throws -> NIOAsyncChannel<HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel, Never> {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: serverCertificate.der, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(try serverKey.pem(.pkcs8).utf8), format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        switch mode {
        case .maintenance:
            // Nobody has a certificate before the node has a config.
            tls.certificateVerification = .none
        case .configured(let osCA):
            tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: osCA.der, format: .der)])
            // A client certificate is required and must chain to the OS CA; clients have no host name.
            tls.certificateVerification = .noHostnameVerification
        }
        // apid speaks gRPC over h2 only and refuses clients that do not negotiate it.
        tls.applicationProtocols = ["h2"]
        let algorithms: [SignatureAlgorithm] = [
            .ed25519, .ecdsaSecp256R1Sha256, .ecdsaSecp384R1Sha384, .rsaPssRsaeSha256, .rsaPssRsaeSha384,
            .rsaPkcs1Sha256, .rsaPkcs1Sha384,
        ]
        tls.signingSignatureAlgorithms = algorithms
        tls.verifySignatureAlgorithms = algorithms
        let context = try NIOSSLContext(configuration: tls)
        let peers = peers, connections = connections

        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { listenerConfigurator.configure(channel: $0) }
            .bind(host: host, port: port) { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.addHandler(PeerIdentityHandler(peers: peers))
                }.flatMap {
                    connectionConfigurator.configure(channel: channel, tls: .configured(requireALPN: true))
                }
            }
    }
}

/// The open connections of a node, so that going down cuts them all at once, as a machine that
/// reboots or powers off does (clients see their connection reset, not a polite GOAWAY).
final class TalosConnections: Sendable {
    private let open = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        open.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.open.withLock { $0.removeValue(forKey: id) }
        }
    }

    func closeAll() {
        let channels = open.withLock { open in
            defer { open.removeAll() }
            return Array(open.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }
}

/// Who is on each connection: the client certificate's Organizations, by the peer string gRPC
/// puts in `ServerContext.remotePeer` (`ipv4:127.0.0.1:54321`), since a custom transport cannot
/// hand the certificate to the handlers itself.
final class TalosPeerRegistry: Sendable {
    private let organizations = Mutex<[String: [String]]>([:])

    func organizations(of remotePeer: String) -> [String] {
        organizations.withLock { $0[remotePeer] ?? [] }
    }

    func record(_ remotePeer: String, _ value: [String]?) {
        organizations.withLock { $0[remotePeer] = value }
    }

    static func key(_ address: NIOCore.SocketAddress?) -> String? {
        guard let address, let ip = address.ipAddress, let port = address.port else { return nil }
        switch address {
        case .v4: return "ipv4:\(ip):\(port)"
        case .v6: return "ipv6:[\(ip)]:\(port)"
        case .unixDomainSocket: return nil
        }
    }
}

/// Records the verified client certificate's Organizations once the handshake is done, before
/// any request on the connection is read.
private final class PeerIdentityHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let peers: TalosPeerRegistry

    init(peers: TalosPeerRegistry) { self.peers = peers }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, let key = TalosPeerRegistry.key(context.channel.remoteAddress),
           let ssl = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
           let der = try? ssl.peerCertificate?.toDERBytes(), let certificate = try? Certificate(der: der) {
            peers.record(key, certificate.subject.organizations)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let key = TalosPeerRegistry.key(context.channel.remoteAddress) { peers.record(key, nil) }
        context.fireChannelInactive()
    }
}
