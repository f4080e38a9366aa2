/// Bounded exponential backoff with jitter, for failures PVE says are temporary
/// (`ProxmoxError.isRetryable`). The n-th pause (n from 0) is drawn from
/// `[d/2, d]` with `d = min(cap, base · 2ⁿ)` ("equal jitter"): parallel kiln workers that failed
/// together do not retry together.
public struct ProxmoxRetryPolicy: Sendable {
    /// Total tries, the first included; 1 disables retries.
    public var attempts: Int
    public var base: Duration
    public var cap: Duration
    /// A number in `0..<1` per pause; injectable so tests are deterministic.
    public var jitter: @Sendable () -> Double

    public init(attempts: Int = 5, base: Duration = .milliseconds(500), cap: Duration = .seconds(10),
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.attempts = max(1, attempts)
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    public static let none = ProxmoxRetryPolicy(attempts: 1)

    /// The pause after failed try number `retry` (0 for the first failure).
    public func delay(afterFailure retry: Int) -> Duration {
        let exponential = base * Double(1 << min(retry, 30))
        let ceiling = exponential > cap ? cap : exponential
        let fraction = min(max(jitter(), 0), 1)
        return ceiling * (0.5 + 0.5 * fraction)
    }
}
