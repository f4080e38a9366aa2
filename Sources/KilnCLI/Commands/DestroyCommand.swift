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
        let console = Console.current
        let planned = try await session.makePlan(PlanOptions(mode: .destroy, targets: try changes.targets()))
        if !run.json {
            console.out(PlanTextRenderer(style: TerminalStyle.detect(isTerminal: console.outIsTerminal))
                .render(planned))
        }
        guard planned.hasChanges else { return }
        if !run.autoApprove {
            let question = "Do you really want to destroy these resources of cluster \(session.plan.name)? There is no undo."
            guard try await Confirmation.ask(question, command: "destroy") == .approved else {
                console.err("Destroy cancelled: nothing was changed.")
                throw ExitCode(ExitCodes.error)
            }
        }
        try await EngineRun(plan: planned, store: session.store, parallelism: run.parallelism, json: run.json,
                            operation: .destroy, logger: logger).execute()
    }
}
