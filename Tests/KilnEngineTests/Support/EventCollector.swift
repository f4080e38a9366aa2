import KilnEngine
import Synchronization

/// Collects engine events for assertions; its `sink` goes to the executor.
final class EventCollector: Sendable {
    private let events = Mutex<[EngineEvent]>([])

    var sink: EngineEventSink { { [self] event in self.events.withLock { $0.append(event) } } }

    var all: [EngineEvent] { events.withLock { $0 } }

    /// A short name per event ("started a.x", "finished a.x"), for checking order.
    var names: [String] {
        all.map { event in
            switch event {
            case .started(let address, _, _): "started \(address)"
            case .progress(let address, _, _): "progress \(address)"
            case .stillRunning(let address, _, _, _): "stillRunning \(address)"
            case .finished(let address, _, _): "finished \(address)"
            case .failed(let failure): "failed \(failure.address)"
            case .skipped(let address, _, _): "skipped \(address)"
            case .interrupted(let address, _, _): "interrupted \(address)"
            case .stopRequested(let mode): "stopRequested \(mode.rawValue)"
            case .runFinished: "runFinished"
            }
        }
    }

    func position(of name: String) -> Int? { names.firstIndex(of: name) }
}
