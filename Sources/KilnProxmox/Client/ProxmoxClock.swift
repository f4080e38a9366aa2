import Foundation

/// Time as the client sees it, injectable for tests: `now` for ticket age, `sleep` for backoff and
/// task polling. `sleep` must throw `CancellationError` when the task is cancelled.
public struct ProxmoxClock: Sendable {
    public var now: @Sendable () -> ContinuousClock.Instant
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant,
                sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let continuous = ProxmoxClock(now: { ContinuousClock.now },
                                                sleep: { try await Task.sleep(for: $0) })
}
