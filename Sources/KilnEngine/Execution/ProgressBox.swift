import Synchronization

/// The latest progress an operation reported, read by heartbeats and timeout errors.
final class ProgressBox: Sendable {
    private let latest = Mutex<OperationProgress?>(nil)

    var value: OperationProgress? { latest.withLock { $0 } }

    func set(_ progress: OperationProgress) { latest.withLock { $0 = progress } }
}
