import Foundation
import Synchronization

/// Where commands write: standard output for results, standard error for notices and logs.
/// Bound per invocation (like `ResourceCatalog.current`) so tests run commands in-process and
/// read what they printed.
public struct Console: Sendable {
    public let writeOut: @Sendable (String) -> Void
    public let writeErr: @Sendable (String) -> Void
    /// Whether standard output / standard error are terminals (colours, progress style).
    public let outIsTerminal: Bool
    public let errIsTerminal: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                outIsTerminal: Bool = false, errIsTerminal: Bool = false) {
        writeOut = out
        writeErr = err
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
    }

    /// Prints `text` and a newline to standard output.
    public func out(_ text: String) { writeOut(text + "\n") }
    /// Prints `text` and a newline to standard error.
    public func err(_ text: String) { writeErr(text + "\n") }

    /// The process's own standard output and error.
    public static let standard = Console(
        // `write(_:)` traps on a closed pipe (`kiln apply | head`); a lost line must not kill an apply.
        out: { try? FileHandle.standardOutput.write(contentsOf: Data($0.utf8)) },
        err: { try? FileHandle.standardError.write(contentsOf: Data($0.utf8)) },
        outIsTerminal: isatty(STDOUT_FILENO) == 1, errIsTerminal: isatty(STDERR_FILENO) == 1)

    @TaskLocal public static var current: Console = .standard
}

/// A console that keeps what was written, for tests and for commands that build text first.
public final class CapturedConsole: Sendable {
    private let buffers = Mutex<(out: String, err: String)>(("", ""))

    public init() {}

    public var stdout: String { buffers.withLock { $0.out } }
    public var stderr: String { buffers.withLock { $0.err } }

    public func console(outIsTerminal: Bool = false, errIsTerminal: Bool = false) -> Console {
        Console(out: { text in self.buffers.withLock { $0.out += text } },
                err: { text in self.buffers.withLock { $0.err += text } },
                outIsTerminal: outIsTerminal, errIsTerminal: errIsTerminal)
    }
}
