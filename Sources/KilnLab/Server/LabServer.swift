import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// The lab's Proxmox VE API over HTTPS on one loopback address, on Hummingbird.
///
/// ```
/// let lab = try await LabServer.start(cluster: cluster, host: "127.0.0.1", port: 0)
/// print(lab.endpoint, lab.certificate.fingerprint)
/// await lab.stop()
/// ```
public final class LabServer: Sendable {
    public let cluster: ProxmoxCluster
    public let certificate: LabCertificate
    public let host: String
    /// The bound port (the real one when started on port 0).
    public let port: Int
    private let runner: Task<Void, any Error>

    /// `https://HOST:PORT/`, as `PROXMOX_VE_ENDPOINT` holds it.
    public var endpoint: String { "https://\(host):\(port)/" }

    private init(cluster: ProxmoxCluster, certificate: LabCertificate, host: String, port: Int, runner: Task<Void, any Error>) {
        self.cluster = cluster
        self.certificate = certificate
        self.host = host
        self.port = port
        self.runner = runner
    }

    /// Every endpoint the lab serves, one group per file under `API/`.
    static var routes: [PVERoute] {
        VersionAPI.routes + AccessAPI.routes + NodesAPI.routes + ClusterAPI.routes + QemuCloneAPI.routes
            + QemuConfigAPI.routes + QemuPowerAPI.routes + StorageAPI.routes + QemuAgentAPI.routes + TasksAPI.routes + PoolsAPI.routes + LabAPI.routes + LabControlAPI.routes + LabTalosAPI.routes
            + StorageDownloadAPI.routes + QemuCreateAPI.routes + QemuMigrateAPI.routes + LabDiskImportAPI.routes
    }

    static func router(cluster: ProxmoxCluster) -> Router<BasicRequestContext> {
        let router = Router()
        let responder = PVEResponder(cluster: cluster)
        for route in routes {
            let full = route.path.hasPrefix("/lab") ? route.path : PVEResponder.apiPrefix + route.path
            router.on(RouterPath(stringLiteral: full), method: route.method) { request, context in
                await responder.respond(route, request, context)
            }
        }
        // PVE answers 501 for a path or method it does not have.
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            let unknown = PVERoute(method, "/**", authenticated: false) { request, _ in
                throw PVEError(status: 501, "Method '\(request.method) /api2/json\(request.path)' not implemented")
            }
            router.on("\(PVEResponder.apiPrefix)/**", method: method) { request, context in
                await responder.respond(unknown, request, context)
            }
        }
        return router
    }

    /// Starts serving and returns once the port accepts connections.
    public static func start(cluster: ProxmoxCluster, host: String, port: Int,
                             certificate: LabCertificate? = nil, logger: Logger? = nil) async throws -> LabServer {
        let certificate = try certificate ?? LabCertificate.generate(hosts: [host])
        let tls = NIOSSL.TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: certificate.certificate.der, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(try certificate.key.pem(.pkcs8).utf8), format: .pem)))
        var quiet = logger ?? Logger(label: "kiln-lab")
        if logger == nil { quiet.logLevel = .critical }
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router(cluster: cluster),
            server: try .tls(ReasonPhraseChannel.builder(), tlsConfiguration: tls),
            configuration: .init(address: .hostname(host, port: port), serverName: "pve-api-daemon/3.0"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? port)
                boundContinuation.finish()
            },
            logger: quiet)
        let runner = Task {
            defer { boundContinuation.finish() }
            try await app.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let actualPort = await iterator.next() else {
            // The server ended before binding: surface its error.
            try await runner.value
            throw LabServerError(description: "the lab server stopped before listening on \(host):\(port)")
        }
        return LabServer(cluster: cluster, certificate: certificate, host: host, port: actualPort, runner: runner)
    }

    /// Stops serving: cancels the server and waits for it to end, at most `grace` (clients that
    /// keep idle connections open would otherwise hold the shutdown for seconds).
    public func stop(grace: Duration = .milliseconds(500)) async {
        await cluster.talos.shutdown()
        runner.cancel()
        let ended = Flag()
        let runner = self.runner
        Task { _ = try? await runner.value; ended.set() }
        let deadline = ContinuousClock.now + grace
        while !ended.isSet && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Runs until the server ends (SIGTERM/SIGINT end it through `kiln-lab`'s own handling).
    public func wait() async throws { try await runner.value }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

public struct LabServerError: Error, CustomStringConvertible {
    public let description: String
}
