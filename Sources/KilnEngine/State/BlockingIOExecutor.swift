import Dispatch

/// A serial executor on its own dispatch queue: an actor that runs on it may make blocking
/// file-system calls (fsync takes milliseconds, longer on a busy disk) without tying up a
/// thread of Swift's small cooperative pool.
final class BlockingIOExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
}
