import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the self-pipe, read by the C signal handler: a plain atomic, set before
/// any handler is installed, so the handler does nothing but an async-signal-safe `write`.
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Runs in signal context: only async-signal-safe calls, errno preserved.
private func forwardSignal(_ number: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd.load(ordering: .relaxed), &byte, 1)
    errno = savedErrno
}

/// Delivers signals to Swift code through a self-pipe. A real `sigaction` handler rather than
/// `DispatchSource.makeSignalSource`, because on Linux a dispatch signal source only sees a
/// signal when every thread blocks it, which a process full of pool threads cannot promise:
/// signals got lost. Process-wide (a signal has one handler), hence a shared router.
final class SignalRouter: Sendable {
    static let shared = SignalRouter()

    struct Registration: Sendable {
        fileprivate let id: UInt64
        fileprivate let signals: [Int32]
    }

    private struct Route {
        var id: UInt64
        var handler: @Sendable (Int32) -> Void
    }

    private struct State {
        var routes: [Int32: Route] = [:]
        var previous: [Int32: sigaction] = [:]
        var nextID: UInt64 = 0
        var reader: (any DispatchSourceRead)?
        var pipeReady = false
    }

    private let state = Mutex(State())

    /// Sends each of `signals` to `handler` (on a private queue) until `unregister`.
    func register(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) -> Registration {
        state.withLock { state in
            if !state.pipeReady { state.pipeReady = openPipe(&state) }
            state.nextID += 1
            for number in signals {
                if state.routes[number] == nil, state.previous[number] == nil {
                    var action = sigaction()
                    #if canImport(Glibc)
                    action.__sigaction_handler.sa_handler = forwardSignal
                    #else
                    action.__sigaction_u.__sa_handler = forwardSignal
                    #endif
                    sigemptyset(&action.sa_mask)
                    action.sa_flags = SA_RESTART
                    var old = sigaction()
                    if sigaction(number, &action, &old) == 0 { state.previous[number] = old }
                }
                state.routes[number] = Route(id: state.nextID, handler: handler)
            }
            return Registration(id: state.nextID, signals: signals)
        }
    }

    /// Stops routing the registration's signals and restores their earlier disposition
    /// (unless someone registered them since).
    func unregister(_ registration: Registration) {
        state.withLock { state in
            for number in registration.signals where state.routes[number]?.id == registration.id {
                state.routes[number] = nil
                if var old = state.previous.removeValue(forKey: number) { _ = sigaction(number, &old, nil) }
            }
        }
    }

    private func openPipe(_ state: inout State) -> Bool {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // A full pipe must drop a signal rather than block the handler.
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        signalPipeWriteEnd.store(ends[1], ordering: .relaxed)
        let readEnd = ends[0]
        let reader = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: DispatchQueue(label: "kiln.signals"))
        reader.setEventHandler { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0, let self else { return }
            for byte in buffer.prefix(count) { self.deliver(Int32(byte)) }
        }
        reader.resume()
        state.reader = reader
        return true
    }

    private func deliver(_ number: Int32) {
        let handler = state.withLock { $0.routes[number]?.handler }
        handler?(number)
    }
}
