import Synchronization

/// A counting semaphore for async code: waiting suspends (never blocks a thread), waiters are
/// served first come first served, and a cancelled waiter leaves the queue at once with
/// `CancellationError`.
///
/// A place in the queue can be taken synchronously (`reserve()`) and waited on later, so the
/// executor queues ready vertices in address order before their tasks even start: which vertex
/// gets a free slot does not depend on how the task scheduler orders new tasks.
///
/// A `Mutex` rather than an actor guards the queue because the cancellation handler runs
/// synchronously and must take a waiter out before it returns.
public final class AsyncSemaphore: Sendable {
    /// A place in the queue. Every ticket must be waited on exactly once: a ticket that is
    /// dropped keeps its place (or permit) for ever.
    public struct Ticket: Sendable {
        fileprivate let id: UInt64
    }

    private struct Waiter {
        let id: UInt64
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        /// Tickets given a permit before their holder started waiting.
        var granted: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(permits: Int) {
        state = Mutex(State(available: max(0, permits)))
    }

    /// Waits for a permit. Throws `CancellationError` (and holds nothing) when the task is
    /// cancelled before one is granted.
    public func acquire() async throws {
        try Task.checkCancellation()
        try await wait(for: reserve())
    }

    /// Takes a place in the queue now, without waiting; a permit, if one is free.
    public func reserve() -> Ticket {
        state.withLock { state in
            state.nextID += 1
            let id = state.nextID
            if state.available > 0 && state.waiters.isEmpty {
                state.available -= 1
                state.granted.insert(id)
            } else {
                state.waiters.append(Waiter(id: id))
            }
            return Ticket(id: id)
        }
    }

    /// Waits until `ticket` is granted a permit. Throws `CancellationError` (holding nothing)
    /// if the task is cancelled first; a permit already granted is kept even then.
    public func wait(for ticket: Ticket) async throws {
        let id = ticket.id
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Decision { case granted, cancelled, queued }
                let decision = state.withLock { state -> Decision in
                    if state.granted.remove(id) != nil { return .granted }
                    // The cancellation flag is set before the handler runs and both sides
                    // take the lock, so a waiter is either refused here or removed there.
                    if Task.isCancelled {
                        state.waiters.removeAll { $0.id == id }
                        return .cancelled
                    }
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return .cancelled }
                    state.waiters[index].continuation = continuation
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
            removed?.continuation?.resume(throwing: CancellationError())
        }
    }

    /// Returns a permit: hands it to the longest waiter, or makes it available.
    public func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiters.isEmpty else {
                state.available += 1
                return nil
            }
            let waiter = state.waiters.removeFirst()
            if waiter.continuation == nil { state.granted.insert(waiter.id) }
            return waiter.continuation
        }
        next?.resume()
    }

    /// Permits free right now (for tests and diagnostics).
    public var availablePermits: Int { state.withLock { $0.available } }
    /// Places taken in the queue and not yet granted.
    public var waitingCount: Int { state.withLock { $0.waiters.count } }
}
