import Foundation
import KilnEngine

/// Changed configs roll out one node at a time, workers before control planes, so a bad config
/// never takes down etcd's quorum or the API at once. The planner's diff says which nodes will
/// change; an update waits for the one slot, and a control plane also waits until no worker
/// update is still expected.
final class TalosRollout: @unchecked Sendable {
    private let lock = NSLock()
    private var expectedWorkers: Set<ResourceAddress> = []
    private var busy = false

    func expect(_ address: ResourceAddress, controlPlane: Bool) {
        guard !controlPlane else { return }
        lock.withLock { _ = expectedWorkers.insert(address) }
    }

    /// Returns when it is this node's turn; `finished` must follow. A control plane waits for
    /// expected workers at most `patience`: a worker whose update never starts (its VM failed)
    /// must not hold it forever.
    func waitForTurn(_ address: ResourceAddress, controlPlane: Bool, patience: Duration,
                     context: OperationContext) async throws {
        let giveUp = ContinuousClock.now + patience
        while true {
            let patient = ContinuousClock.now < giveUp
            let mine: Bool = lock.withLock {
                let ready = !busy && (!controlPlane || !patient || expectedWorkers.subtracting([address]).isEmpty)
                if ready { busy = true }
                return ready
            }
            if mine { return }
            context.report(waitingFor: "its turn: configs change one node at a time, workers first")
            try await context.pause(for: .milliseconds(200))
        }
    }

    func finished(_ address: ResourceAddress) {
        lock.withLock {
            busy = false
            expectedWorkers.remove(address)
        }
    }
}
