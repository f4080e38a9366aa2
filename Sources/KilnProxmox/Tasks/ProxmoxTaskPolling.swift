/// How `waitForTask` polls: fast at first (most tasks finish in a second), then slower, capped.
public struct ProxmoxTaskPolling: Sendable {
    /// The first pause; each next pause is `growth` times longer, up to `cap`.
    public var initial: Duration
    public var growth: Double
    public var cap: Duration
    /// How long a task may answer 400 (not visible yet, just after it was created).
    public var visibilityGrace: Duration
    /// Log lines shown when the task fails.
    public var logLines: Int

    public init(initial: Duration = .milliseconds(200), growth: Double = 1.5, cap: Duration = .seconds(5),
                visibilityGrace: Duration = .seconds(5), logLines: Int = 10) {
        self.initial = initial
        self.growth = max(1, growth)
        self.cap = cap
        self.visibilityGrace = visibilityGrace
        self.logLines = logLines
    }

    /// The pause before poll number `poll` + 1.
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
