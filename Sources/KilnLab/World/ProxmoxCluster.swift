import Foundation
import Logging

/// The lab's Proxmox VE cluster: its VMs, config locks, tasks, credentials and request log.
/// Every change goes through this actor; with a lab directory the world is written to
/// `world.json` after each change.
public actor ProxmoxCluster {
    public nonisolated let config: LabConfig
    /// With the official schema, every API request is checked against it before its handler runs.
    public nonisolated let schema: PVESchema?
    /// The Talos nodes on the VMs this cluster starts.
    public nonisolated let talos: TalosFleet
    var world: World
    var tasks: [String: LabTask] = [:]
    var authenticator: Authenticator
    var requestLog: [LoggedRequest] = []
    /// VMIDs whose `/var/lock/qemu-server/lock-N.conf` a task holds.
    var heldLocks: Set<Int> = []
    /// Tasks whose locks outlive them (the `holdLock` fault), by UPID.
    var lockHolds: [String: Duration] = [:]
    var faults: FaultInjector
    /// Requests the schema refused since the start (the request log can be cleared; this cannot).
    public private(set) var schemaRejections = 0
    /// VMIDs a dispatched clone will create (so a second clone to the same id fails at once).
    var pendingIDs: Set<Int> = []
    let worldPath: String?
    let logger: Logger
    /// The pid PVE's task workers would have: one per task, counting up.
    var nextPID = 0x1000
    let processStart = Int.random(in: 0x100000...0xFFFFFF)

    public init(config: LabConfig, schema: PVESchema? = nil, worldPath: String? = nil,
                logger: Logger = Logger(label: "kiln-lab")) throws {
        self.config = config
        self.schema = schema?.asOf(version: config.version)
        faults = FaultInjector(config.faults)
        self.worldPath = worldPath
        self.logger = logger
        if let worldPath, FileManager.default.fileExists(atPath: worldPath) {
            world = try World.load(path: worldPath)
            world.addMissingTemplates(from: config)
        } else {
            world = World(config: config)
        }
        authenticator = Authenticator(users: config.users)
        talos = TalosFleet(config: config.talos, speed: config.speed, logger: logger)
        if let worldPath { try world.save(path: worldPath) }
        // VMs that were running when the lab stopped boot again (their Talos state is not kept).
        for vm in world.vms.values where vm.isRunning { talos.vmStarted(vm) }
        talos.onGuestPowerOff { [weak self] vmid in
            guard let self else { return }
            Task { await self.guestPoweredOff(vmid) }
        }
    }

    // MARK: Reading

    public var virtualMachines: [VirtualMachine] { world.vms.values.sorted { $0.vmid < $1.vmid } }

    public func virtualMachine(_ vmid: Int) -> VirtualMachine? { world.vms[vmid] }

    public var requests: [LoggedRequest] { requestLog }

    public func clearRequests() { requestLog.removeAll() }

    public func task(_ upid: String) -> LabTask? { tasks[upid] }

    /// The VM `vmid` on `node`, or PVE's 500 "Configuration file … does not exist".
    func vm(_ vmid: Int, on node: String) throws -> VirtualMachine {
        guard let vm = world.vms[vmid], vm.node == node else { throw PVEError.noSuchVM(vmid, node: node) }
        return vm
    }

    /// A node of the cluster, or the error PVE gives for a name it cannot resolve.
    func requireNode(_ name: String) throws -> LabConfig.Node {
        guard let node = config.nodes.first(where: { $0.name == name }) else {
            throw PVEError.server("hostname lookup '\(name)' failed - failed to get address info for: \(name): Name or service not known")
        }
        return node
    }

    func storage(_ name: String) -> LabConfig.Storage? { config.storages.first { $0.name == name } }

    /// A PVE duration (seconds on a real cluster) in lab time.
    nonisolated func scaled(_ seconds: Double) -> Duration { .milliseconds(Int((seconds * config.speed * 1000).rounded())) }

    // MARK: Changing

    func update(_ vmid: Int, _ change: (inout VirtualMachine) -> Void) {
        guard var vm = world.vms[vmid] else { return }
        let wasRunning = vm.isRunning
        change(&vm)
        world.vms[vmid] = vm
        persist()
        // Every power change passes here (start, stop, shutdown, create with start=1).
        if vm.isRunning != wasRunning {
            if vm.isRunning { talos.vmStarted(vm) } else { talos.vmStopped(vmid) }
        }
    }

    func insert(_ vm: VirtualMachine) {
        world.vms[vm.vmid] = vm
        persist()
        if vm.isRunning { talos.vmStarted(vm) }
    }

    func remove(_ vmid: Int) {
        world.vms[vmid] = nil
        persist()
        talos.vmDeleted(vmid)
    }

    /// The guest shut its machine down (a Talos Reset without reboot): QEMU exits, PVE shows it stopped.
    func guestPoweredOff(_ vmid: Int) {
        update(vmid) { vm in
            vm.status = "stopped"
            vm.startedAt = nil
        }
    }

    func persist() {
        guard let worldPath else { return }
        do { try world.save(path: worldPath) } catch {
            logger.error("could not write \(worldPath): \(error)")
        }
    }

    func record(_ request: LoggedRequest) {
        requestLog.append(request)
        if request.rejectedBySchema { schemaRejections += 1 }
    }

    func login(username: String, password: String) throws -> (ticket: String, csrf: String, user: LabConfig.User) {
        try authenticator.login(username: username, password: password)
    }

    func identify(authorization: String?, cookie: String?, csrfHeader: String?, isWrite: Bool) throws -> Identity {
        try authenticator.identify(authorization: authorization, cookie: cookie, csrfHeader: csrfHeader, isWrite: isWrite)
    }

    // MARK: IDs

    func isUsed(_ vmid: Int) -> Bool { world.vms[vmid] != nil || pendingIDs.contains(vmid) }

    func reserve(_ vmid: Int) { pendingIDs.insert(vmid) }

    func unreserve(_ vmid: Int) { pendingIDs.remove(vmid) }
}

