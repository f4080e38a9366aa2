/// A vertex that failed by itself (not because a dependency did): the error from outside
/// and what to do about it.
public struct VertexFailure: Error, Sendable, CustomStringConvertible {
    public var address: ResourceAddress
    public var action: ResourceChange.Action
    public var error: any Error
    public var hint: String

    public init(address: ResourceAddress, action: ResourceChange.Action, error: any Error, hint: String) {
        self.address = address
        self.action = action
        self.error = error
        self.hint = hint
    }

    public var description: String { "\(action.rawValue) \(address) failed: \(error)" }
}

/// How one run ended, vertex by vertex.
public struct ExecutionResult: Sendable {
    public struct Finished: Hashable, Sendable {
        public var address: ResourceAddress
        public var action: ResourceChange.Action
        public var duration: Duration

        public init(address: ResourceAddress, action: ResourceChange.Action, duration: Duration) {
            self.address = address
            self.action = action
            self.duration = duration
        }
    }

    public struct Skipped: Hashable, Sendable {
        public var address: ResourceAddress
        public var action: ResourceChange.Action
        /// The root-cause failures upstream that made this vertex impossible, sorted.
        public var failedDependencies: [ResourceAddress]

        public init(address: ResourceAddress, action: ResourceChange.Action, failedDependencies: [ResourceAddress]) {
            self.address = address
            self.action = action
            self.failedDependencies = failedDependencies
        }
    }

    public struct Interrupted: Hashable, Sendable {
        public var address: ResourceAddress
        public var action: ResourceChange.Action
        public var elapsed: Duration

        public init(address: ResourceAddress, action: ResourceChange.Action, elapsed: Duration) {
            self.address = address
            self.action = action
            self.elapsed = elapsed
        }
    }

    /// In the order they finished.
    public var finished: [Finished] = []
    /// Root causes only, in the order they failed.
    public var failures: [VertexFailure] = []
    /// Sorted by address.
    public var skipped: [Skipped] = []
    /// Cancelled by an immediate stop while running; their intents stay in state.
    public var interrupted: [Interrupted] = []
    /// Never started because of a stop (or because a dependency was interrupted), sorted.
    public var notStarted: [ResourceAddress] = []
    /// The stop requested during the run, if any.
    public var stop: StopMode?
    public var duration: Duration = .zero

    /// Every vertex finished.
    public var succeeded: Bool { failures.isEmpty && skipped.isEmpty && interrupted.isEmpty && notStarted.isEmpty }

    public var counts: RunCounts {
        var counts = RunCounts(finished: finished.count, failed: failures.count, skipped: skipped.count,
                               interrupted: interrupted.count, notStarted: notStarted.count)
        for vertex in finished {
            switch vertex.action {
            case .create: counts.added += 1
            case .update: counts.changed += 1
            case .replace: counts.added += 1; counts.destroyed += 1
            case .delete: counts.destroyed += 1
            case .adopt, .noOp, .read: break
            }
        }
        return counts
    }
}

/// Totals for the last line ("Apply complete! Resources: 3 added, 1 changed, 0 destroyed.").
public struct RunCounts: Hashable, Codable, Sendable {
    public var finished: Int
    public var failed: Int
    public var skipped: Int
    public var interrupted: Int
    public var notStarted: Int
    public var added: Int
    public var changed: Int
    public var destroyed: Int

    public init(finished: Int = 0, failed: Int = 0, skipped: Int = 0, interrupted: Int = 0, notStarted: Int = 0,
                added: Int = 0, changed: Int = 0, destroyed: Int = 0) {
        self.finished = finished
        self.failed = failed
        self.skipped = skipped
        self.interrupted = interrupted
        self.notStarted = notStarted
        self.added = added
        self.changed = changed
        self.destroyed = destroyed
    }
}
