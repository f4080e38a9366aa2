import KilnEngine
import Synchronization

/// One clone at a time per source template: PVE locks the template for the whole copy, and a
/// second clone waits for that lock and fails with "got timeout". Clones of different templates,
/// and everything else, run in parallel.
final class CloneQueue: Sendable {
    private let queues = Mutex<[Int: AsyncSemaphore]>([:])

    /// Runs `body` when no other clone of `template` runs; FIFO; cancellable while waiting.
    func run<T: Sendable>(template: Int, _ body: () async throws -> T) async throws -> T {
        let semaphore = queues.withLock { queues in
            if let existing = queues[template] { return existing }
            let created = AsyncSemaphore(permits: 1)
            queues[template] = created
            return created
        }
        try await semaphore.acquire()
        defer { semaphore.release() }
        return try await body()
    }
}
