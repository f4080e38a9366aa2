import ArgumentParser
import KilnEngine

/// `kiln state rm PLAN ADDRESS`: forget a resource without destroying it (Terraform's
/// `state rm`). Takes the state lock, like every change to state.
struct StateRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Forget a resource: remove it from state without touching the object itself.",
        discussion: """
            The VM, config or other object stays where it is; kiln just stops tracking it. While the
            resource is still in the plan, the next `kiln plan` proposes to create it again.

            Example:
              kiln state rm plans/lab.yaml proxmox_vm.lab-w-2
            """)

    @Argument(help: "The plan file (its `name` is the cluster).")
    var plan: String

    @Argument(help: "The resource address, TYPE.NAME.")
    var address: String

    @OptionGroup var state: StateOptions
    @OptionGroup var locking: LockOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.state")
        let resource = try StateAccess.address(address)
        let cluster = try PlanInput.load(plan).name
        let access = try StateAccess(cluster: cluster, options: state, logger: logger)
        try access.requireState()
        let console = Console.current

        let lock = try await StateLock.acquire(access.paths, operation: "state rm", timeout: try locking.lockTimeout())
        defer { lock.release() }
        if let report = lock.staleLockReport { console.err("kiln: \(report)") }
        logger.debug("took the state lock", metadata: ["lockID": "\(lock.info.id)"])

        let store = try await access.open()
        let before = await store.serial
        let removed: ResourceRecord
        do { removed = try await store.remove(resource) } catch StateError.noSuchResource {
            throw CLIError.notInState(address: resource, cluster: cluster, plan: plan)
        }
        let after = await store.serial
        console.out(Self.report(removed, cluster: cluster, path: access.paths.stateFile, serials: (before, after)))
    }

    static func report(_ removed: ResourceRecord, cluster: String, path: String, serials: (Int, Int)) -> String {
        let ids = removed.outsideIDs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var lines = ["Removed \(removed.address) from the state of cluster \(cluster) (\(path), serial \(serials.0) → \(serials.1))."]
        lines.append("kiln did not touch the object itself: it still exists outside kiln"
                     + (ids.isEmpty ? "" : " (\(ids))") + ", no longer tracked.")
        if removed.pending != nil {
            lines.append("It had an unfinished operation; whatever that left behind is not tracked either.")
        }
        lines.append("While \(removed.address) stays in the plan, the next `kiln plan` proposes to create it again.")
        return lines.joined(separator: "\n")
    }
}

