import ArgumentParser
import KilnEngine

/// `kiln destroy PLAN`: delete everything the cluster's state records, dependents first.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Destroy every resource of the cluster, in reverse dependency order.",
        discussion: """
            Shows what will be destroyed and asks for 'yes' (or --auto-approve).
            With --target, only those resources and what depends on them.

            Example:
              kiln destroy plans/lab.yaml
            """)

    @Argument(help: "The plan file (its `name` is the cluster).")
    var plan: String

    @OptionGroup var changes: ChangeOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var locking: LockOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.destroy")
        guard changes.replaceTexts.isEmpty else { throw ValidationError("--replace has no meaning for destroy: everything targeted is deleted") }
        guard let session = try await ClusterSession.open(planPath: plan, operation: "destroy", state: state,
                                                    lockTimeout: try locking.lockTimeout(), logger: logger) else { return }
        defer { session.lock.release() }
        let planned = try await session.makePlan(PlanOptions(mode: .destroy, targets: try changes.targets(), refresh: changes.refresh))
        if !run.json { session.show(planned) }
        guard planned.hasChanges else { return }
        try await EngineRun.confirmAndExecute(
            planned, session: session, options: run, operation: .destroy,
            question: "Do you really want to destroy these resources of cluster \(session.plan.name)? There is no undo.",
            logger: logger)
    }
}
