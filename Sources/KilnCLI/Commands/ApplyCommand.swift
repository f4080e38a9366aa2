import ArgumentParser
import Foundation
import KilnEngine

/// `kiln apply PLAN` or `kiln apply SAVED-PLAN`: make the cluster match the plan.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the cluster match the plan: show the changes, confirm, run them.",
        discussion: """
            Runs the changes as a dependency graph, several at once (--parallelism).
            Each finished step is recorded in the state at once, and each outside
            effect is recorded as intended before it starts: a run that dies is
            resumed by the next one, and nothing is done twice.
            Ctrl-C once: start nothing new, let running steps finish. Twice: stop.

            Replacing or destroying something that exists needs --replace ADDRESS
            or --allow-destroy.

            Examples:
              kiln apply plans/lab.yaml
              kiln apply --auto-approve --parallelism 4 plans/lab.yaml
              kiln apply lab.plan        # a plan saved by `kiln plan -out lab.plan`
            """)

    @Argument(help: "The plan file, or a plan saved by `kiln plan -out`.")
    var plan: String

    @Flag(help: "Allow replacing and destroying resources that exist.")
    var allowDestroy = false

    @Flag(help: "After a successful apply, merge the cluster's kubeconfig into $KUBECONFIG or ~/.kube/config and make its context current.")
    var mergeKubeconfig = false

    @OptionGroup var changes: ChangeOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var locking: LockOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.apply")
        let saved = try await SavedPlanInput.load(plan)
        if saved != nil, !changes.targetTexts.isEmpty || !changes.replaceTexts.isEmpty {
            throw ValidationError("--target and --replace belong to the saved plan: make it with "
                                  + "`kiln plan --target …/--replace … -out FILE` and apply that")
        }
        let planPath = saved?.planFile.path ?? plan
        guard let session = try await ClusterSession.open(planPath: planPath, operation: "apply", state: state,
                                                    lockTimeout: try locking.lockTimeout(), logger: logger) else { return }
        defer { session.lock.release() }

        let options = try saved?.options ?? PlanOptions(mode: .apply, targets: changes.targets(), replace: changes.replace(),
                                                             refresh: changes.refresh)
        if let saved {
            try saved.verify(currentLineage: await session.store.lineage, currentSerial: await session.store.serial,
                             planFileBytes: session.planBytes)
        }
        let planned = try await session.makePlan(options)
        if let saved { try saved.verify(matches: planned) }
        if !run.json { session.show(planned) }
        guard planned.hasChanges else {
            // Only drift: nothing changes outside, but the state records what the refresh found.
            if !planned.drift.isEmpty {
                try await EngineRun.confirmAndExecute(planned, session: session, options: run, operation: .apply,
                                                      question: nil, logger: logger)
            }
            if mergeKubeconfig { try KubeconfigMerging.mergeClusterKubeconfig(of: session) }
            return
        }
        try ApplyPolicy.check(planned, allowReplace: options.replace, allowDestroy: allowDestroy)
        // A saved plan was reviewed when it was made.
        let question = saved == nil ? "Do you want to perform these actions on cluster \(session.plan.name)?" : nil
        try await EngineRun.confirmAndExecute(planned, session: session, options: run, operation: .apply,
                                              question: question, logger: logger)
        if mergeKubeconfig { try KubeconfigMerging.mergeClusterKubeconfig(of: session) }
    }
}
