/// How `waitForTask` polls: fast at first (most tasks finish in a second), then slower, capped.
public struct ProxmoxTaskPolling: Sendable {
    /// The first pause; each next pause is `growth` times longer, up to `cap`.
    public var initial: Duration
    public var growth: Double
    public var cap: Duration
    /// No pause longer than this share of the time waited so far (nor shorter than `initial`):
    /// a task is then seen done at most that share late. Growth alone lets the pause reach about
    /// half the time waited (a task done after 10 s was seen at 14.9 s), and clones of one
    /// template queue behind each other, so each clone's lateness adds up. Nil: growth and cap only.
    public var elapsedFraction: Double?
    /// How long a task may answer 400 (not visible yet, just after it was created).
    public var visibilityGrace: Duration
    /// Log lines shown when the task fails.
    public var logLines: Int

    public init(initial: Duration = .milliseconds(200), growth: Double = 1.5, cap: Duration = .seconds(5),
                elapsedFraction: Double? = 0.1, visibilityGrace: Duration = .seconds(5), logLines: Int = 10) {
        self.initial = initial
        self.growth = max(1, growth)
        self.cap = cap
        self.elapsedFraction = elapsedFraction.map { max(0, $0) }
        self.visibilityGrace = visibilityGrace
        self.logLines = logLines
    }

    /// The pause before poll number `poll` + 1, `elapsed` after the wait began.
    func pause(after poll: Int, elapsed: Duration) -> Duration {
        let grown = pause(after: poll)
        guard let elapsedFraction else { return grown }
        return min(grown, max(initial, elapsed * elapsedFraction))
    }

    /// The pause before poll number `poll` + 1 by growth and cap alone.
    func pause(after poll: Int) -> Duration {
        var d = initial
        for _ in 0..<min(poll, 64) {
            d = d * growth
            if d >= cap { return cap }
        }
        return min(d, cap)
    }
}

/// What `waitForTask` reports while it waits.
public struct ProxmoxTaskProgress: Sendable {
    public var upid: UPID
    public var elapsed: Duration
    public var status: ProxmoxTaskStatus?
}
