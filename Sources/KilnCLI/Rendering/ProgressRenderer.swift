import KilnEngine
import Synchronization

/// `kiln apply`'s progress, one line per event, in Terraform's words:
///
///     proxmox_vm.cp-1: Creating...
///     proxmox_vm.cp-1: Still creating... [1m10s elapsed] waiting for: clone task, last seen: running
///     proxmox_vm.cp-1: Creation complete after 1m32s
///     Apply complete! Resources: 3 added, 0 changed, 0 destroyed. (took 2m4s)
///
/// On a terminal the same lines with colour; elsewhere (CI logs, pipes) no escape codes.
/// `progress` events print nothing: `stillRunning` repeats the latest every 10 s.
/// Thread-safe: the engine calls `sink` from many tasks; lines never interleave.
public final class ProgressRenderer: Sendable {
    public enum Operation: Sendable { case apply, destroy }

    public let operation: Operation
    public let style: TerminalStyle
    private let write: @Sendable (String) -> Void
    /// Gates seen starting: their finish reads "Ready after …" rather than "Creation complete".
    private let gates = Mutex<Set<ResourceAddress>>([])
    private let output = Mutex(())

    /// `write` receives whole lines, newline included.
    public init(operation: Operation = .apply, style: TerminalStyle = .plain, write: @escaping @Sendable (String) -> Void) {
        self.operation = operation
        self.style = style
        self.write = write
    }

    /// For `Executor`'s event sink.
    public var sink: EngineEventSink { { [self] event in handle(event) } }

    public func handle(_ event: EngineEvent) {
        let lines = lines(for: event)
        guard !lines.isEmpty else { return }
        output.withLock { _ in write(lines.map { $0 + "\n" }.joined()) }
    }

    /// The lines one event prints (none for `progress`).
    public func lines(for event: EngineEvent) -> [String] {
        switch event {
        case .started(_, .noOp, _), .finished(_, .noOp, _):
            // Unchanged resources run only to hand their outputs on: nothing to tell.
            return []
        case .started(let address, let action, let isGate):
            if isGate { gates.withLock { _ = $0.insert(address) } }
            return ["\(style.bold("\(address):")) \(words(action, address).doing)..."]
        case .progress:
            return []
        case .stillRunning(let address, let action, let elapsed, let latest):
            var line = "\(style.bold("\(address):")) Still \(words(action, address).lowercased)... [\(ElapsedTime.text(elapsed)) elapsed]"
            if let latest {
                line += " waiting for: \(SecretScrub.scrub(latest.waitingFor))"
                if let seen = latest.lastSeen { line += ", last seen: \(SecretScrub.scrub(seen))" }
            }
            return [line]
        case .finished(let address, let action, let duration):
            return ["\(style.bold("\(address):")) \(words(action, address).done) after \(ElapsedTime.text(duration))"]
        case .failed(let failure):
            return [style.red("\(failure.address): \(words(failure.action, failure.address).failed): ")
                    + SecretScrub.scrub("\(failure.error)")]
        case .skipped(let address, _, let failed):
            let causes = failed.map(\.description).joined(separator: ", ")
            return [style.dim("\(address): Skipped: it depends on \(causes), which failed")]
        case .interrupted(let address, let action, let elapsed):
            return [style.yellow("\(address): Interrupted after \(ElapsedTime.text(elapsed)) while \(words(action, address).lowercased); "
                                 + "what it started is recorded and the next apply adopts it")]
        case .stopRequested(.graceful):
            return [style.yellow("Stopping: nothing new starts; running steps finish and are recorded. Press Ctrl-C again to cancel them now.")]
        case .stopRequested(.immediate):
            return [style.yellow("Stopping now: cancelling running steps; what they started stays recorded for the next apply to adopt.")]
        case .runFinished(let counts, let duration):
            return [finalLine(counts, duration: duration)]
        }
    }

    /// `Apply complete! Resources: 3 added, 1 changed, 0 destroyed. (took 2m4s)`, or the
    /// failed / interrupted form with what did not finish.
    public func finalLine(_ counts: RunCounts, duration: Duration) -> String {
        let name = operation == .apply ? "Apply" : "Destroy"
        let resources = operation == .apply
            ? "Resources: \(counts.added) added, \(counts.changed) changed, \(counts.destroyed) destroyed"
            : "Resources: \(counts.destroyed) destroyed"
        let took = ElapsedTime.text(duration)
        var unfinished: [String] = []
        if counts.failed > 0 { unfinished.append("\(counts.failed) failed") }
        if counts.skipped > 0 { unfinished.append("\(counts.skipped) skipped") }
        if counts.interrupted > 0 { unfinished.append("\(counts.interrupted) interrupted") }
        if counts.notStarted > 0 { unfinished.append("\(counts.notStarted) not started") }
        if unfinished.isEmpty { return style.green(style.bold("\(name) complete!")) + " \(resources). (took \(took))" }
        let how = counts.failed > 0 ? "failed" : "interrupted"
        return style.red(style.bold("\(name) \(how)")) + " after \(took). \(resources); \(unfinished.joined(separator: ", "))."
    }

    /// What went wrong, root causes only (a skipped dependent is a consequence, not a cause):
    /// each failure with its error and hint, then what an interruption left. Nil when the run
    /// succeeded. Print it after the run's events.
    public func errorSummary(_ result: ExecutionResult) -> String? {
        guard !result.succeeded else { return nil }
        var blocks: [String] = []
        for failure in result.failures {
            var lines = [style.red(style.bold("Error:")) + " \(failure.address): \(ActionWords(failure.action).lowercased) failed: "
                         + SecretScrub.scrub("\(failure.error)")]
            lines.append("  hint: \(failure.hint)")
            let skipped = result.skipped.filter { $0.failedDependencies.contains(failure.address) }.map(\.address.description)
            if !skipped.isEmpty { lines.append("  skipped because of it: \(skipped.joined(separator: ", "))") }
            blocks.append(lines.joined(separator: "\n"))
        }
        if !result.interrupted.isEmpty {
            var lines = ["Interrupted while running (their intents stay in state; the next apply adopts what they left):"]
            lines += result.interrupted.map { "  \($0.address): \(ActionWords($0.action).lowercased), \(ElapsedTime.text($0.elapsed))" }
            blocks.append(lines.joined(separator: "\n"))
        }
        if !result.notStarted.isEmpty {
            blocks.append("Not started: " + result.notStarted.map(\.description).joined(separator: ", "))
        }
        return blocks.isEmpty ? nil : blocks.joined(separator: "\n\n")
    }

    private func words(_ action: ResourceChange.Action, _ address: ResourceAddress) -> ActionWords {
        ActionWords(action, isGate: gates.withLock { $0.contains(address) })
    }
}
