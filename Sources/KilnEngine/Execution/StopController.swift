import Synchronization

/// The stop request of one executor, callable from any thread (a signal handler, a test).
/// A request only escalates: graceful then immediate, never back.
final class StopController: Sendable {
    private struct State {
        var mode: StopMode?
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    var mode: StopMode? { state.withLock { $0.mode } }

    /// Records the request; true when it changed the mode (so it is announced once).
    @discardableResult
    func request(_ mode: StopMode) -> Bool {
        let (changed, toWake) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
            if state.mode == mode || state.mode == .immediate { return (false, []) }
            state.mode = mode
            guard mode == .immediate else { return (true, []) }
            defer { state.waiters = [:] }
            return (true, Array(state.waiters.values))
        }
        for waiter in toWake { waiter.resume() }
        return changed
    }

    /// Returns when an immediate stop is requested, or when the calling task is cancelled
    /// (check `mode` to tell which).
    func waitForImmediateStop() async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.mode == .immediate || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
