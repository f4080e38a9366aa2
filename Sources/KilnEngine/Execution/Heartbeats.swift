import Synchronization

/// One ticker for the whole run that emits `stillRunning` for each vertex every full interval
/// it has been running. A timer per vertex cost more than the scheduling itself on large graphs.
final class Heartbeats: Sendable {
    private struct Running {
        let action: ResourceChange.Action
        let start: ContinuousClock.Instant
        var nextBeat: ContinuousClock.Instant
        let progress: ProgressBox
    }

    let interval: Duration
    private let events: EngineEventSink
    private let running = Mutex<[ResourceAddress: Running]>([:])
    private let clock = ContinuousClock()

    init(interval: Duration, events: @escaping EngineEventSink) {
        self.interval = interval
        self.events = events
    }

    func begin(_ address: ResourceAddress, action: ResourceChange.Action, start: ContinuousClock.Instant,
               progress: ProgressBox) {
        running.withLock { $0[address] = Running(action: action, start: start, nextBeat: start + interval, progress: progress) }
    }

    /// After this returns no heartbeat for `address` is emitted, so none follows its `finished`.
    func end(_ address: ResourceAddress) {
        _ = running.withLock { $0.removeValue(forKey: address) }
    }

    /// Ticks until cancelled, often enough that a beat is at most a fifth of an interval (and
    /// at most a second) late.
    func run() async {
        let step = min(interval / 5, .seconds(1))
        while !Task.isCancelled {
            do { try await Task.sleep(for: step) } catch { return }
            tick()
        }
    }

    private func tick() {
        let now = clock.now
        // Emitted under the lock so that `end` cannot slip between deciding and emitting.
        running.withLock { running in
            for address in running.keys.sorted() {
                guard var vertex = running[address], now >= vertex.nextBeat else { continue }
                events(.stillRunning(address, action: vertex.action, elapsed: now - vertex.start, latest: vertex.progress.value))
                while vertex.nextBeat <= now { vertex.nextBeat += interval }
                running[address] = vertex
            }
        }
    }
}
