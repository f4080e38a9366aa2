import Foundation
import Logging

/// The lab's Proxmox VE cluster: its VMs, config locks, tasks, credentials and request log.
/// Every change goes through this actor; with a lab directory the world is written to
/// `world.json` after each change.
public actor ProxmoxCluster {
    public let config: LabConfig
    var world: World
    var tasks: [String: LabTask] = [:]
    var authenticator: Authenticator
    var requestLog: [LoggedRequest] = []
    /// VMIDs whose `/var/lock/qemu-server/lock-N.conf` a task holds.
    var heldLocks: Set<Int> = []
    /// VMIDs a dispatched clone will create (so a second clone to the same id fails at once).
    var pendingIDs: Set<Int> = []
    let worldPath: String?
    let logger: Logger
    /// The pid PVE's task workers would have: one per task, counting up.
    private var nextPID = 0x1000
    private let processStart = Int.random(in: 0x100000...0xFFFFFF)

    public init(config: LabConfig, worldPath: String? = nil, logger: Logger = Logger(label: "kiln-lab")) throws {
        self.config = config
        self.worldPath = worldPath
        self.logger = logger
        if let worldPath, FileManager.default.fileExists(atPath: worldPath) {
            world = try World.load(path: worldPath)
            world.addMissingTemplates(from: config)
        } else {
            world = World(config: config)
        }
        authenticator = Authenticator(users: config.users)
        if let worldPath { try world.save(path: worldPath) }
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
    func scaled(_ seconds: Double) -> Duration { .milliseconds(Int((seconds * config.speed * 1000).rounded())) }

    // MARK: Changing

    func update(_ vmid: Int, _ change: (inout VirtualMachine) -> Void) {
        guard var vm = world.vms[vmid] else { return }
        change(&vm)
        world.vms[vmid] = vm
        persist()
    }

    func insert(_ vm: VirtualMachine) {
        world.vms[vm.vmid] = vm
        persist()
    }

    func remove(_ vmid: Int) {
        world.vms[vmid] = nil
        persist()
    }

    func persist() {
        guard let worldPath else { return }
        do { try world.save(path: worldPath) } catch {
            logger.error("could not write \(worldPath): \(error)")
        }
    }

    func record(_ request: LoggedRequest) { requestLog.append(request) }

    func login(username: String, password: String) throws -> (ticket: String, csrf: String, user: LabConfig.User) {
        try authenticator.login(username: username, password: password)
    }

    func identify(authorization: String?, cookie: String?, csrfHeader: String?, isWrite: Bool) throws -> Identity {
        try authenticator.identify(authorization: authorization, cookie: cookie, csrfHeader: csrfHeader, isWrite: isWrite)
    }

    // MARK: Tasks

    /// Starts a worker task and returns its UPID at once, as PVE does. `body` runs in the
    /// background; a thrown `TaskFailure` (or any error) ends the task with that message.
    func startTask(node: String, type: String, id: String, user: String,
                   _ body: @escaping @Sendable (ProxmoxCluster, UPID) async throws -> Void) -> UPID {
        nextPID += 1
        let upid = UPID(node: node, pid: nextPID, pstart: processStart, startTime: Int(Date().timeIntervalSince1970),
                        type: type, id: id, user: user)
        tasks[upid.description] = LabTask(upid: upid)
        Task {
            do {
                try await body(self, upid)
                self.finish(upid, error: nil)
            } catch let failure as TaskFailure {
                self.finish(upid, error: failure.message)
            } catch let error as PVEError {
                self.finish(upid, error: error.message)
            } catch {
                self.finish(upid, error: "\(error)")
            }
        }
        return upid
    }

    func log(_ upid: UPID, _ line: String) { tasks[upid.description]?.log.append(line) }

    private func finish(_ upid: UPID, error: String?) {
        guard var task = tasks[upid.description] else { return }
        task.running = false
        task.endTime = Date()
        if let error {
            task.exitStatus = error
            task.log.append("TASK ERROR: \(error)")
        } else {
            task.exitStatus = "OK"
            task.log.append("TASK OK")
        }
        tasks[upid.description] = task
    }

    // MARK: Config locks

    /// Takes `/var/lock/qemu-server/lock-N.conf`, waiting up to the lock timeout as PVE's
    /// `lock_config` does, then failing with its message.
    func acquireLock(_ vmid: Int, for upid: UPID) async throws {
        let deadline = ContinuousClock.now + scaled(config.timings.lockTimeout)
        var announced = false
        while heldLocks.contains(vmid) {
            if !announced {
                log(upid, "trying to acquire lock...")
                announced = true
            }
            guard ContinuousClock.now < deadline else {
                throw TaskFailure("can't lock file '/var/lock/qemu-server/lock-\(vmid).conf' - got timeout")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        heldLocks.insert(vmid)
        if announced { log(upid, " OK") }
    }

    func releaseLock(_ vmid: Int) { heldLocks.remove(vmid) }

    // MARK: IDs

    func isUsed(_ vmid: Int) -> Bool { world.vms[vmid] != nil || pendingIDs.contains(vmid) }

    func reserve(_ vmid: Int) { pendingIDs.insert(vmid) }

    func unreserve(_ vmid: Int) { pendingIDs.remove(vmid) }
}

/// One request the lab answered: what `GET /lab/requests` lists.
public struct LoggedRequest: Sendable, Codable, Equatable {
    public var method: String
    /// The path below `/api2/json`, without the query.
    public var path: String
    public var query: String?
    /// `root@pam!kiln`, `root@pam`, or nil when unauthenticated.
    public var identity: String?
    public var status: Int
    public var time: Date

    var json: JSON {
        var object: [String: JSON] = ["method": .string(method), "path": .string(path), "status": .int(status),
                                      "time": .double(time.timeIntervalSince1970)]
        if let query { object["query"] = .string(query) }
        if let identity { object["identity"] = .string(identity) }
        return .object(object)
    }
}
