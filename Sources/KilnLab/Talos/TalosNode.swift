import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KilnCrypto
import KilnTalosAPI
import Synchronization

/// A lab Talos node's machine API: grpc-swift over NIO, HTTP/2 over TLS with ALPN h2, bound to
/// the node's loopback address. It starts in maintenance mode with a self-signed certificate
/// (P-256) and checks no client certificate, as a node booted without a config. After a config
/// is applied it goes down for the reboot time and comes back configured: a certificate issued
/// by the cluster's OS CA, client certificates required under that CA. Its state outlives
/// power cycles (`powerOff`/`powerOn`), like a disk.
public final class TalosNode: Sendable {
    public let settings: TalosNodeSettings
    /// The port actually bound (differs from `settings.port` when that was 0); kept across reboots.
    public var port: Int { boundPort.value }
    let state: TalosNodeState
    private let listener: TalosNodeListener
    private let maintenance: TalosMaintenanceCertificate
    private let boundPort: TalosBoundPort

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

    /// A node that is off; `powerOn` boots it.
    /// `poweredOff`: the node turned its machine off itself (Reset without reboot), so the VM stops.
    init(_ settings: TalosNodeSettings, registry: TalosClusterRegistry,
         poweredOff: @escaping @Sendable () -> Void = {}) throws(StartError) {
        self.settings = settings
        do {
            maintenance = try TalosMaintenanceCertificate(host: settings.host)
        } catch {
            throw .certificate("\(error)")
        }
        state = TalosNodeState(settings: settings, registry: registry)
        boundPort = TalosBoundPort(settings.port)
        listener = TalosNodeListener(state: state, maintenance: maintenance, port: boundPort, poweredOff: poweredOff)
        registry.register(state, at: settings.host)
    }

    /// A node on its own (no fleet): binds and serves in maintenance mode; returns once the port
    /// accepts connections.
    public static func start(_ settings: TalosNodeSettings, registry: TalosClusterRegistry = TalosClusterRegistry())
        async throws(StartError) -> TalosNode {
        let node = try TalosNode(settings, registry: registry)
        await node.listener.installControl()
        do {
            try await node.listener.bootNow()
        } catch {
            throw .bind(host: settings.host, port: settings.port, reason: "\(error)")
        }
        return node
    }

    /// Boots after `delay` (the VM's firmware and kernel), in whatever phase its disk says.
    func powerOn(after delay: Duration) async {
        await listener.installControl()
        await listener.powerOn(after: delay)
    }

    /// The VM stopped: the port goes down at once; the state stays.
    func powerOff() async { await listener.powerOff() }

    /// Stops listening for good and waits for the server to end (open calls are cut short).
    public func stop() async {
        await listener.stop(final: true)
        state.registry.forget(settings.host)
    }

    /// The maintenance certificate, whose SHA-256 a careful client pins (new after a reset).
    public var certificate: LabCertificate { maintenance.current }

    /// The configs this node accepted, in order.
    public var appliedConfigs: [Data] { get async { await state.appliedConfigs } }

    /// Whether the node has come back from its reboot with its config.
    public var isConfigured: Bool {
        get async { if case .configured = await state.phase { true } else { false } }
    }

    /// Changes the node's faults at run time.
    public func setFaults(_ faults: TalosNodeFaults) async { await state.setFaults(faults) }

    /// The certificate served in configured mode, once there.
    public var configuredCertificate: Certificate? { get async { await listener.configuredCertificate } }

    /// What `GET /lab/talos` shows.
    public var listing: TalosNodeListing { get async { await state.listing() } }
}

/// The self-signed certificate of maintenance mode; a reset makes a new one.
final class TalosMaintenanceCertificate: Sendable {
    private let value: Mutex<LabCertificate>
    private let host: String

    init(host: String) throws {
        self.host = host
        value = Mutex(try LabCertificate.generate(hosts: [host]))
    }

    var current: LabCertificate { value.withLock { $0 } }

    func renew() throws {
        let fresh = try LabCertificate.generate(hosts: [host])
        value.withLock { $0 = fresh }
    }
}

/// The node's port, fixed by its first bind (port 0 in tests), read without awaiting.
final class TalosBoundPort: Sendable {
    private let port: Mutex<Int>
    init(_ port: Int) { self.port = Mutex(port) }
    var value: Int {
        get { port.withLock { $0 } }
    }
    func set(_ value: Int) { port.withLock { $0 = value } }
}
