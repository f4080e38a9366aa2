import Foundation
import KilnEngine
import KilnPlan
import KilnResources
import Logging

/// What `plan`, `apply` and `destroy` share: the validated plan, its resources, the cluster's
/// state behind its lock, and the plan the engine makes of them.
struct ClusterSession {
    let planPath: String
    let plan: Plan
    let planBytes: [UInt8]
    let resources: [Resource]
    let access: StateAccess
    let lock: StateLock
    let store: StateStore
    let providers: [any ResourceProvider]

    /// Loads and validates the plan, takes the cluster's lock for `operation` and opens its
    /// state (creating the state key on first use, with kiln's notice on standard error).
    /// Returns nil, touching nothing, when the plan yields no resources and there is no state:
    /// a plan without nodes, and the caller says so instead of printing an empty plan.
    static func open(planPath: String, operation: String, state: StateOptions, lockTimeout: Duration,
                     logger: Logger) async throws -> ClusterSession? {
        let plan = try PlanInput.load(planPath)
        let catalog = ResourceCatalog.current
        let access = try StateAccess(cluster: plan.name, options: state, logger: logger)
        let files = ResourceCatalog.ClusterFiles(directory: access.paths.clusterDirectory)
        let resources: [Resource]
        do { resources = try catalog.resources(for: plan, files: files) } catch {
            throw CLIError.resources(file: planPath, detail: "\(error)")
        }
        guard let bytes = FileManager.default.contents(atPath: planPath) else {
            throw CLIError.resources(file: planPath, detail: "the file could not be read again")
        }
        if resources.isEmpty && !access.exists {
            Console.current.out(noResourcesMessage(planPath))
            return nil
        }
        // Credentials and trust are checked here, before the lock or any request.
        let providers = try catalog.providers(for: plan, files: files)
        let lock = try await StateLock.acquire(access.paths, operation: operation, timeout: lockTimeout)
        if let report = lock.staleLockReport { Console.current.err("kiln: \(report)") }
        logger.debug("took the state lock", metadata: ["lockID": "\(lock.info.id)", "operation": "\(operation)"])
        let store: StateStore
        do { store = try await access.open() } catch {
            lock.release()
            throw error
        }
        return ClusterSession(planPath: planPath, plan: plan, planBytes: Array(bytes), resources: resources,
                              access: access, lock: lock, store: store, providers: providers)
    }

    /// Refreshes, diffs and plans.
    func makePlan(_ options: PlanOptions) async throws -> EnginePlan {
        let planner = try Planner(providers: providers)
        return try await planner.plan(desired: resources, current: await store.allRecords(), options: options)
    }

    /// The plan as `kiln plan` shows it, coloured on a terminal.
    func show(_ planned: EnginePlan) {
        let console = Console.current
        console.out(PlanTextRenderer(style: TerminalStyle.detect(isTerminal: console.outIsTerminal)).render(planned))
    }

    private static func noResourcesMessage(_ planPath: String) -> String {
        "\(planPath): the plan asks for no resources and kiln has no state for its cluster. Nothing to do."
    }
}
