import ArgumentParser
import KilnEngine

/// `kiln plan PLAN`: refresh, diff, and print exactly what `apply` would do.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what `kiln apply` would change, without changing anything.",
        discussion: """
            Refreshes what exists, compares it with the plan and the recorded state,
            and prints the changes: + create, ~ update in place, -/+ replace,
            - destroy, <= read, ↻ adopt what an interrupted run left.
            Changes made outside kiln are listed apart.

            Examples:
              kiln plan plans/lab.yaml
              kiln plan -out lab.plan plans/lab.yaml && kiln apply lab.plan
              kiln plan --detailed-exitcode plans/lab.yaml   # 0 no changes, 1 error, 2 changes
            """)

    @Argument(help: "The plan file.")
    var plan: String

    @Option(name: [.customLong("out"), .customLong("out", withSingleDash: true)],
            help: ArgumentHelp("Save the plan to this file for `kiln apply FILE`.", valueName: "file"))
    var out: String?

    @Flag(help: "Plan the destruction of everything in the cluster's state.")
    var destroy = false

    @Flag(help: "Exit 2 when there are changes (0 none, 1 error).")
    var detailedExitcode = false

    @OptionGroup var changes: ChangeOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var locking: LockOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.plan")
        guard let session = try await ClusterSession.open(planPath: plan, operation: "plan", state: state,
                                                    lockTimeout: try locking.lockTimeout(), logger: logger) else { return }
        defer { session.lock.release() }
        let console = Console.current
        let options = PlanOptions(mode: destroy ? .destroy : .apply, targets: try changes.targets(),
                                  replace: try changes.replace(), refresh: changes.refresh)
        let planned = try await session.makePlan(options)
        session.show(planned)

        if let out {
            let saved = SavedPlan(plan: planned, kilnVersion: KilnVersion.current, planFilePath: plan,
                                  planFileBytes: session.planBytes, cluster: session.plan.name,
                                  stateLineage: await session.store.lineage, stateSerial: await session.store.serial)
            try await saved.write(to: out)
            console.out("\nSaved the plan to \(out). To perform exactly these actions, run:\n  kiln apply \(out)")
        }
        if detailedExitcode && planned.hasChanges { throw ExitCode(ExitCodes.changesPresent) }
    }
}
