import ArgumentParser
import Foundation
import KilnEngine
import Logging

/// Runs a plan's jobs: progress on the console (or JSON events), Ctrl-C handling (first stop
/// graceful, second immediate), then the summary and the exit status.
struct EngineRun {
    let plan: EnginePlan
    let store: StateStore
    let parallelism: Int
    let json: Bool
    let operation: ProgressRenderer.Operation
    let logger: Logger

    /// Returns normally when every job finished; otherwise throws the exit status (1 for
    /// failures, 130 after Ctrl-C) once the summary is printed. State holds what finished.
    func execute() async throws {
        let console = Console.current
        let jobs = try plan.jobs()
        let progress = ProgressRenderer(operation: operation, style: TerminalStyle.detect(isTerminal: console.outIsTerminal),
                                        write: { console.writeOut($0) })
        let render: EngineEventSink = json ? JSONEventRenderer().sink(write: { console.writeOut($0) }) : progress.sink
        // Events are printed from one serial queue: a slow or stalled terminal must never hold
        // the executor's threads (or the signal handling that stops it).
        let output = DispatchQueue(label: "kiln.output")
        let logger = self.logger, eventJSON = JSONEventRenderer()
        let sink: EngineEventSink = { event in
            output.async {
                render(event)
                if logger.logLevel <= .debug { logger.debug("event \(eventJSON.line(for: event))") }
            }
        }
        let executor = try Executor(jobs: jobs, recorder: store,
                                    configuration: .init(parallelism: parallelism), events: sink)
        let signals = StopSignals(executor: executor)
        let result = await executor.run()
        signals.cancel()
        await withCheckedContinuation { done in output.async { done.resume() } }  // everything printed

        // The final "Apply complete!" line came with the run's last event.
        if result.succeeded { return }
        if !json, let summary = progress.errorSummary(result) { console.err("\n" + summary) }
        throw ExitCode(result.stop == nil ? ExitCodes.error : ExitCodes.interrupted)
    }
}

extension EngineRun {
    /// Asks `question` first (when given and `--auto-approve` was not), then runs. A "no"
    /// changes nothing and exits 1.
    static func confirmAndExecute(_ planned: EnginePlan, session: ClusterSession, options run: RunOptions,
                                  operation: ProgressRenderer.Operation, question: String?, logger: Logger) async throws {
        if let question, !run.autoApprove {
            let (command, name) = operation == .apply ? ("apply", "Apply") : ("destroy", "Destroy")
            guard try await Confirmation.ask(question, command: command) == .approved else {
                Console.current.err("\(name) cancelled: nothing was changed.")
                throw ExitCode(ExitCodes.error)
            }
        }
        try await EngineRun(plan: planned, store: session.store, parallelism: run.parallelism, json: run.json,
                            operation: operation, logger: logger).execute()
    }
}
