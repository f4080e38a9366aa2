import Logging
import Synchronization

/// swift-log set up once per process (the logging system allows one bootstrap); every handler
/// writes to the console of the invocation that created its logger.
enum KilnLogging {
    private static let bootstrapped = Mutex(false)

    static func bootstrap() {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            let console = Console.current
            return StderrLogHandler(label: label, write: console.writeErr)
        }
    }
}
