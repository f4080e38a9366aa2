import Synchronization

/// One vertex's hold on a parallelism slot. A gate gives its slot back while it sleeps
/// between probes and takes one again after; the lease remembers whether it holds one so the
/// slot is returned exactly once however the operation ends (finished, failed, cancelled mid-pause).
final class SlotLease: Sendable {
    private let semaphore: AsyncSemaphore
    private let held = Mutex(false)

    init(semaphore: AsyncSemaphore) {
        self.semaphore = semaphore
    }

    /// Waits for the place `ticket` holds in the queue.
    func acquire(_ ticket: AsyncSemaphore.Ticket) async throws {
        try await semaphore.wait(for: ticket)
        held.withLock { $0 = true }
    }

    func acquire() async throws {
        try await acquire(semaphore.reserve())
    }

    /// Gives the slot back if held; a no-op otherwise.
    func release() {
        let wasHeld = held.withLock { held in
            defer { held = false }
            return held
        }
        if wasHeld { semaphore.release() }
    }

    /// Sleeps without a slot, then waits for one again. If cancelled while sleeping or
    /// waiting, it throws holding nothing.
    func pause(for duration: Duration) async throws {
        release()
        try await Task.sleep(for: duration)
        try await acquire()
    }
}
