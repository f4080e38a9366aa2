import KilnEngine
import Synchronization

/// One ordered log of what happened, written by the recorder and the test world alike, so a
/// test can check that an intent came before its effect and a result right after it.
final class Timeline: Sendable {
    enum Entry: Hashable, Sendable {
        case intentRecorded(ResourceAddress)
        case effectStarted(ResourceAddress)
        case effectFinished(ResourceAddress)
        case resultRecorded(ResourceAddress)
    }

    private let entries = Mutex<[Entry]>([])

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    var all: [Entry] { entries.withLock { $0 } }

    /// Position of `entry` in the log; nil when it never happened.
    func index(of entry: Entry) -> Int? { all.firstIndex(of: entry) }
}
