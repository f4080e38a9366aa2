import Foundation
import Logging
import Synchronization

/// The Talos nodes of the lab's VMs, by VMID: a started VM with a static IP in `ipconfig0`
/// boots a node on that IP (after the boot delay), a stopped one takes it down, a deleted one
/// forgets it. A node keeps its state across stop and start, like its disk.
///
/// The Proxmox side reports power changes through the nonisolated `vm…` calls, which only queue
/// an event: a PVE task never waits for a node, and events are handled in the order they happened.
public actor TalosFleet {
    /// Every node of this lab, and what their clusters share (proxying, trustd, etcd).
    public nonisolated let registry = TalosClusterRegistry()
    public nonisolated let config: LabConfig.Talos
    private nonisolated let speed: Double
    private nonisolated let events: AsyncStream<Event>.Continuation
    private let logger: Logger
    private var nodes: [Int: TalosNode] = [:]
    private var faults: [String: LabConfig.TalosFault]
    private var validateConfig: (@Sendable (Data, String) -> [String])?
    /// Tells the Proxmox side that a node powered its VM off (Reset with `reboot: false`); set
    /// once by the cluster's init, hence a lock rather than actor state.
    private nonisolated let guestPoweredOff = Mutex<(@Sendable (Int) -> Void)?>(nil)

    enum Event: Sendable {
        case started(vmid: Int, ipconfig0: String?)
        case stopped(vmid: Int)
        case deleted(vmid: Int)
    }

    public init(config: LabConfig.Talos, speed: Double, logger: Logger = Logger(label: "kiln-lab")) {
        self.config = config
        self.speed = speed
        self.logger = logger
        faults = config.faults
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        events = continuation
        Task { [weak self] in
            for await event in stream {
                guard let self else { return }
                await self.handle(event)
            }
        }
    }

    // MARK: What the Proxmox side reports

    public nonisolated func vmStarted(_ vm: VirtualMachine) {
        events.yield(.started(vmid: vm.vmid, ipconfig0: vm.config["ipconfig0"]))
    }

    public nonisolated func vmStopped(_ vmid: Int) { events.yield(.stopped(vmid: vmid)) }

    public nonisolated func vmDeleted(_ vmid: Int) { events.yield(.deleted(vmid: vmid)) }

    // MARK: Reading and controlling

    public func node(vmid: Int) -> TalosNode? { nodes[vmid] }

    public func node(address: String) -> TalosNode? { nodes.values.first { $0.settings.host == address } }

    /// Every node, by VMID, as `GET /lab/talos` lists them.
    public func listing() async -> [TalosNodeListing] {
        var listed: [TalosNodeListing] = []
        for (vmid, node) in nodes.sorted(by: { $0.key < $1.key }) {
            var entry = await node.listing
            entry.vmid = vmid
            listed.append(entry)
        }
        return listed
    }

    public var faultSettings: [String: LabConfig.TalosFault] { faults }

    /// Replaces every node's faults (by address); nodes not named lose theirs.
    public func setFaults(_ faults: [String: LabConfig.TalosFault]) async {
        self.faults = faults
        for node in nodes.values { await node.setFaults(nodeFaults(node.settings.host)) }
    }

    /// The schema check nodes started from now on apply to every config (`--talos-schema`).
    public func setConfigValidator(_ validate: (@Sendable (_ config: Data, _ talosVersion: String) -> [String])?) {
        validateConfig = validate
    }

    /// What to do when a node powers its own VM off: the Proxmox side marks the VM stopped.
    public nonisolated func onGuestPowerOff(_ handler: @escaping @Sendable (_ vmid: Int) -> Void) {
        guestPoweredOff.withLock { $0 = handler }
    }

    private nonisolated func reportPowerOff(_ vmid: Int) { guestPoweredOff.withLock { $0 }?(vmid) }

    /// Stops every node (the lab is ending).
    public func shutdown() async {
        events.finish()
        for node in nodes.values { await node.stop() }
        nodes.removeAll()
    }

    // MARK: Events

    private func handle(_ event: Event) async {
        guard config.enabled else { return }
        switch event {
        case .started(let vmid, let ipconfig0):
            guard let address = Self.staticAddress(ipconfig0) else {
                logger.info("VM \(vmid) has no static IP in ipconfig0 (\(ipconfig0 ?? "none")): no Talos node")
                return
            }
            if let node = nodes[vmid], node.settings.host != address {
                // Its IP changed while it was off: a new address, the same disk is not modelled.
                await node.stop()
                nodes[vmid] = nil
            }
            if nodes[vmid] == nil {
                do {
                    nodes[vmid] = try TalosNode(settings(for: address), registry: registry) { [weak self] in
                        self?.reportPowerOff(vmid)
                    }
                } catch {
                    logger.error("VM \(vmid): no Talos node on \(address): \(error)")
                    return
                }
            }
            await nodes[vmid]?.powerOn(after: scaled(config.bootDelay))
            logger.info("VM \(vmid): Talos node booting on \(address):\(config.port)")
        case .stopped(let vmid):
            await nodes[vmid]?.powerOff()
        case .deleted(let vmid):
            await nodes[vmid]?.stop()
            nodes[vmid] = nil
        }
    }

    private func settings(for address: String) -> TalosNodeSettings {
        TalosNodeSettings(
            host: address, port: config.port, talosVersion: config.version,
            rebootTime: scaled(config.rebootTime), bootstrapWarmUp: scaled(config.bootstrapWarmUp),
            etcdJoinDelay: scaled(config.etcdJoinDelay), faults: nodeFaults(address), validateConfig: validateConfig)
    }

    private func nodeFaults(_ address: String) -> TalosNodeFaults {
        faults[address].map { TalosNodeFaults($0, speed: speed) } ?? TalosNodeFaults()
    }

    private func scaled(_ seconds: Double) -> Duration { .milliseconds(Int((seconds * speed * 1000).rounded())) }

    /// `A.B.C.D` from `ip=A.B.C.D/NN,gw=…`; nil for DHCP, IPv6-only or no ipconfig0.
    static func staticAddress(_ ipconfig0: String?) -> String? {
        guard let ipconfig0 else { return nil }
        for part in ipconfig0.split(separator: ",") where part.hasPrefix("ip=") {
            let cidr = part.dropFirst(3)
            let address = cidr.split(separator: "/").first.map(String.init) ?? ""
            let octets = address.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return nil }
            return address
        }
        return nil
    }
}
