import Synchronization

/// A counting semaphore for async code: `acquire` suspends (never blocks a thread) until a
/// permit is free, waiters are served first come first served, and a cancelled waiter leaves
/// the queue at once with `CancellationError`.
///
/// A `Mutex` rather than an actor guards the queue because the cancellation handler runs
/// synchronously and must take a waiter out before it returns.
public final class AsyncSemaphore: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(permits: Int) {
        state = Mutex(State(available: max(0, permits)))
    }

    /// Waits for a permit. Throws `CancellationError` (and holds nothing) when the task is
    /// cancelled before one is granted.
    public func acquire() async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Decision { case granted, cancelled, queued }
                let decision = state.withLock { state -> Decision in
                    // The cancellation flag is set before the handler runs and both sides
                    // take the lock, so a waiter is either refused here or removed there.
                    if Task.isCancelled { return .cancelled }
                    if state.available > 0 && state.waiters.isEmpty {
                        state.available -= 1
                        return .granted
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch decision {
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let removed = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            removed?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a permit: hands it to the longest waiter, or makes it available.
    public func release() {
        let next = state.withLock { state -> Waiter? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }

    /// Permits free right now (for tests and diagnostics).
    public var availablePermits: Int { state.withLock { $0.available } }
    /// Tasks queued for a permit right now.
    public var waitingCount: Int { state.withLock { $0.waiters.count } }
}
