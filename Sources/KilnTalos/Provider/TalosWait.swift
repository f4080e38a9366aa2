import KilnEngine

/// Polls until a probe says done, with growing pauses and progress: what it waits for and
/// what it saw last, which is also what the timeout error names.
struct TalosWait {
    let options: TalosProviderOptions
    let context: OperationContext

    enum Probe<Value: Sendable>: Sendable {
        case done(Value)
        /// Not yet; what was seen ("connection refused", "2 of 3 members").
        case notYet(String)
    }

    /// `waitingFor` is the progress line ("Talos API on 10.0.0.11:50000"); `goal` completes
    /// the timeout error ("<node> did not answer in maintenance mode within 10 min").
    func until<Value: Sendable>(
        _ waitingFor: String, goal: String, node: String, address: String, within limit: Duration,
        probe: () async throws -> Probe<Value>
    ) async throws -> Value {
        let clock = ContinuousClock()
        let start = clock.now
        // A gate's deadline is the engine's; a managed resource's is the provider's own.
        let end = min(context.deadline ?? start + limit, start + limit)
        var lastSeen = "nothing yet"
        while true {
            try Task.checkCancellation()
            switch try await probe() {
            case .done(let value):
                return value
            case .notYet(let seen):
                lastSeen = seen
            }
            context.report(waitingFor: waitingFor, lastSeen: lastSeen)
            let now = clock.now
            guard now < end else {
                throw TalosProviderError.timedOut(node: node, address: address, goal: goal,
                                                  after: now - start, lastSeen: lastSeen)
            }
            // Never pause longer than a tenth of the wait so far: a node that is ready a moment
            // after a probe is seen soon after, however long the wait has been.
            let pause = max(options.poll, min(options.maxPoll, (now - start) / 10))
            try await context.pause(for: min(pause, end - now))
        }
    }
}

