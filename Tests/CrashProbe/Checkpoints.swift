import Foundation
import Synchronization

/// Numbered instants in a run. With `crashAt: N`, the process kills itself with SIGKILL at
/// the Nth one: no cleanup, no flush, exactly like `kill -9` at that instant.
final class Checkpoints: Sendable {
    private let crashAt: Int?
    private let count = Mutex(0)

    init(crashAt: Int?) { self.crashAt = crashAt }

    func pass(_ name: String) {
        let number = count.withLock { value -> Int in
            value += 1
            return value
        }
        guard number == crashAt else { return }
        FileHandle.standardError.write(Data("crash probe: SIGKILL at checkpoint \(number): \(name)\n".utf8))
        kill(getpid(), SIGKILL)
    }

    var passed: Int { count.withLock { $0 } }
}
