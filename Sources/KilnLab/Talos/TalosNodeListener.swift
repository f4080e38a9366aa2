import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import KilnCrypto

/// The node's one listening server at a time: maintenance, nothing (off or rebooting), or
/// configured. Every power change bumps `generation`, so a boot or reboot still sleeping from
/// before gives up instead of bringing the port up behind the VM's back.
actor TalosNodeListener {
    private let state: TalosNodeState
    private let maintenance: TalosMaintenanceCertificate
    private let port: TalosBoundPort
    private let peers = TalosPeerRegistry()
    private let connections = TalosConnections()
    private var shutdown: (@Sendable () -> Void)?
    private var serving: Task<Void, any Error>?
    private var generation = 0
    private let poweredOff: @Sendable () -> Void
    private var stopped = false
    private(set) var configuredCertificate: Certificate?

    /// A worker waits for a control plane of its cluster to bring the OS CA key (trustd).
    private struct WaitingForTrustd: Error {}
    /// The config cannot be booted (a broken CA): the node stays down, as a real one would.
    private struct Unbootable: Error {}

    init(state: TalosNodeState, maintenance: TalosMaintenanceCertificate, port: TalosBoundPort,
         poweredOff: @escaping @Sendable () -> Void) {
        self.state = state
        self.poweredOff = poweredOff
        self.maintenance = maintenance
        self.port = port
    }

    /// Lets the node's RPCs reboot, reset and "install" it through this listener.
    func installControl() async {
        await state.setControl(TalosNodeState.Control(
            rebootInto: { [weak self] _ in Task { await self?.restart(wipe: false, comeBack: true) } },
            reboot: { [weak self] in Task { await self?.restart(wipe: false, comeBack: true) } },
            reset: { [weak self] reboot in Task { await self?.restart(wipe: true, comeBack: reboot) } }))
    }

    /// Serves at once in the phase the state says; throws when the port cannot be bound.
    func bootNow() async throws {
        generation += 1
        try await serveOnce()
    }

    /// Boots in the background after `delay`; returns at once.
    func powerOn(after delay: Duration) async {
        generation += 1
        let current = generation
        // Started while up (a report the lab never sends twice today): a reset, not a second server.
        await stopServer()
        await state.setPhase(.rebooting)
        Task {
            try? await Task.sleep(for: delay)
            await self.boot(current)
        }
    }

    func powerOff() async {
        generation += 1
        // Off first: the listing never shows a node "up" whose port already refuses.
        await state.setPhase(.off)
        await stopServer()
    }

    /// Ends serving for good (`final`) or until the next boot.
    func stop(final: Bool) async {
        if final {
            stopped = true
            generation += 1
        }
        await stopServer()
    }

    /// Let the reply leave, go down for the reboot time, come back (configured, or in
    /// maintenance after a wipe) or stay off.
    private func restart(wipe: Bool, comeBack: Bool) async {
        generation += 1
        let current = generation
        try? await Task.sleep(for: .milliseconds(50))
        guard current == generation, !stopped else { return }
        await stopServer()
        if wipe {
            configuredCertificate = nil
            // A wiped node boots a fresh maintenance certificate; keep the old one if none can be made.
            try? maintenance.renew()
        }
        try? await Task.sleep(for: await state.rebootTime)
        guard current == generation, !stopped else { return }
        guard comeBack else {
            await state.setPhase(.off)
            poweredOff()
            return
        }
        await boot(current)
    }

    /// Binding is retried: the port the last server held may take a moment to be free again on
    /// a busy machine, the way a booting node's apid simply starts a bit later.
    private func boot(_ current: Int) async {
        var failures = 0
        while current == generation, !stopped {
            do {
                try await serveOnce()
                return
            } catch is WaitingForTrustd {
                try? await Task.sleep(for: .milliseconds(100))
            } catch is Unbootable {
                return
            } catch {
                failures += 1
                guard failures < 100 else { return }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func serveOnce() async throws {
        let host = state.settings.host
        let summary = await state.summary
        let stuck = await state.faults.stuckInMaintenance
        guard let summary, !stuck else {
            let certificate = maintenance.current
            let transport = HTTP2ServerTransport.Custom(listenerFactory: TalosListener(
                host: host, port: port.value, serverCertificate: certificate.certificate, serverKey: certificate.key,
                mode: .maintenance, peers: peers, connections: connections))
            await state.setPhase(.maintenance)
            try await serve(transport) { await transport.listeningAddress }
            return
        }
        let identity: TalosNodeIdentity
        do {
            let trustdKey = summary.osCACertificate.flatMap { state.registry.osCAKey(of: $0) }
            if summary.osCAKey == nil && trustdKey == nil { throw WaitingForTrustd() }
            identity = try TalosNodeIdentity.issue(for: host, from: summary, trustdKey: trustdKey)
        } catch let error as WaitingForTrustd {
            await state.setPhase(.rebooting)
            throw error
        } catch {
            // A node that cannot boot its config stays down: the caller's wait for the
            // configured API times out and names what it last saw.
            await state.setPhase(.rebooting)
            throw Unbootable()
        }
        configuredCertificate = identity.certificate
        let transport = HTTP2ServerTransport.Custom(listenerFactory: TalosListener(
            host: host, port: port.value, serverCertificate: identity.certificate, serverKey: identity.key,
            mode: .configured(osCA: identity.osCA), peers: peers, connections: connections))
        await state.setPhase(.configured(since: .now))
        try await serve(transport) { await transport.listeningAddress }
    }

    /// Starts a server on `transport` and records the bound port.
    private func serve<Transport: ServerTransport>(
        _ transport: Transport, boundTo address: @Sendable () async throws -> GRPCNIOTransportHTTP2.SocketAddress?
    ) async throws {
        let service = TalosMachineService(state: state, peers: peers)
        let server = GRPCServer(transport: transport, services: [service])
        let task = Task { try await server.serve() }
        shutdown = { server.beginGracefulShutdown() }
        serving = task
        do {
            guard let bound = try await address()?.ipv4 else {
                throw TalosNode.StartError.bind(host: state.settings.host, port: port.value, reason: "not an IPv4 listener")
            }
            port.set(bound.port)
        } catch {
            await stopServer()
            await state.setPhase(.rebooting)
            throw error
        }
    }

    /// Ends the current server and cuts its connections, as a machine going down does (a
    /// graceful HTTP/2 shutdown would wait for clients that keep their connection open, and
    /// those would go on talking to a node that is "off").
    private func stopServer() async {
        guard let serving else { return }
        shutdown?()
        connections.closeAll()
        let grace = Task {
            try? await Task.sleep(for: .seconds(1))
            serving.cancel()
        }
        _ = await serving.result
        grace.cancel()
        self.serving = nil
        shutdown = nil
    }
}
