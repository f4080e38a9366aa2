import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns Ctrl-C into stop requests: the first SIGINT or SIGTERM asks for a graceful stop, the
/// second for an immediate stop, and a third ends the process at once (status 130) in case an
/// operation ignores cancellation: every intent is already on disk, so the next run adopts. The CLI creates one around `Executor.run()`:
///
///     let signals = StopSignals(executor: executor)
///     defer { signals.cancel() }
///     let result = await executor.run()
///
/// While installed, the signals no longer terminate the process (so it lives to record
/// state); `cancel()` restores their earlier disposition.
public final class StopSignals: Sendable {
    private let registration: SignalRouter.Registration
    private let counter: SignalCounter
    private let cancelled = Atomic(false)

    public init(signals: [Int32] = [SIGINT, SIGTERM], onStop: @escaping @Sendable (StopMode) -> Void) {
        let counter = SignalCounter()
        self.counter = counter
        registration = SignalRouter.shared.register(signals) { _ in
            switch counter.increment() {
            case 1: onStop(.graceful)
            case 2: onStop(.immediate)
            default: _exit(130)
            }
        }
    }

    /// Routes the signals to `executor.stop(_:)`.
    public convenience init(executor: Executor, signals: [Int32] = [SIGINT, SIGTERM]) {
        self.init(signals: signals) { mode in executor.stop(mode) }
    }

    /// How many signals arrived so far.
    public var receivedCount: Int { counter.value }

    /// Stops listening and gives the signals their earlier behaviour back.
    public func cancel() {
        guard !cancelled.exchange(true, ordering: .relaxed) else { return }
        SignalRouter.shared.unregister(registration)
    }

    deinit { cancel() }
}

private final class SignalCounter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func increment() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
