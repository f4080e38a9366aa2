import Foundation

/// A serial executor backed by one dedicated thread. Each `SSHClient` actor runs on its own, so
/// libssh2's blocking-style work (DNS lookup, polling the socket) never occupies a thread of
/// Swift's cooperative pool, and one session's libssh2 calls are never concurrent.
final class SSHThreadExecutor: SerialExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case closure(() -> Void)
    }

    // `condition` guards `queue` and `stopping`.
    private let condition = NSCondition()
    private var queue: [Work] = []
    private var stopping = false
    private var threadID: pthread_t?

    init(name: String) {
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        push(.job(UnownedJob(job)))
    }

    /// Runs `body` on the thread, outside any task (used by deinit cleanup).
    func submit(_ body: @escaping @Sendable () -> Void) {
        push(.closure(body))
    }

    /// Lets the thread finish what is queued, then exit. The thread holds the executor until then.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    func checkIsolated() {
        condition.lock()
        let owner = threadID
        condition.unlock()
        precondition(owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false,
                     "KilnSSH: expected to run on the session's SSH thread")
    }

    private func push(_ work: Work) {
        condition.lock()
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        condition.lock()
        threadID = pthread_self()
        condition.unlock()
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                return
            }
            let work = queue.removeFirst()
            condition.unlock()
            switch work {
            case .job(let job): job.runSynchronously(on: asUnownedSerialExecutor())
            case .closure(let body): body()
            }
        }
    }
}
