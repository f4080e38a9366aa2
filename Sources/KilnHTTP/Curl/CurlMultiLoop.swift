import CCurl
import Foundation
import Synchronization

/// One thread that drives all of a client's transfers through a curl multi handle.
///
/// libcurl's work (DNS, connect, TLS, I/O) happens here and nowhere else, so Swift's cooperative
/// pool never blocks on it. The multi handle also owns the connection pool: requests to the same
/// host reuse connections, and HTTP/2 requests multiplex on one. Other threads talk to the loop
/// only through the inbox plus `curl_multi_wakeup`.
final class CurlMultiLoop: @unchecked Sendable {
    private enum Command {
        case start(CurlTransfer)
        case cancel(CurlTransfer)
        case shutdown
    }

    private struct Inbox {
        var commands: [Command] = []
        var closed = false
    }

    // The multi handle and `active` are touched only on the loop thread (after init).
    private let multi: UnsafeMutableRawPointer
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private let inbox = Mutex(Inbox())
    let verifier: ServerCertificateVerifier

    init(trust: ServerTrust) throws {
        guard CurlGlobal.initialized, let multi = curl_multi_init() else {
            throw HTTPError(.invalidRequest, request: "-", message: "libcurl could not be initialised")
        }
        self.multi = multi
        verifier = ServerCertificateVerifier(trust: trust)
        // Let HTTP/2 requests share a connection instead of racing to open several.
        _ = kiln_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in run() }
        thread.name = "kiln-curl"
        thread.start()
    }

    /// Hands a transfer to the loop. Its completion runs on the loop thread.
    func start(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox -> Bool in
            guard !inbox.closed else { return false }
            inbox.commands.append(.start(transfer))
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            transfer.finish(with: .failure(HTTPError(.cancelled, request: transfer.requestDescription,
                                                     message: "the HTTP client was shut down")))
        }
    }

    /// Aborts a transfer if it is still running; safe to call at any time, any number of times.
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .sequentiallyConsistent)
        let queued = inbox.withLock { inbox -> Bool in
            guard !inbox.closed else { return false }
            inbox.commands.append(.cancel(transfer))
            return true
        }
        if queued { curl_multi_wakeup(multi) }
    }

    /// Stops the thread once the current commands are handled; running transfers are cancelled.
    func shutdown() {
        let queued = inbox.withLock { inbox -> Bool in
            guard !inbox.closed else { return false }
            inbox.commands.append(.shutdown)
            inbox.closed = true
            return true
        }
        if queued { curl_multi_wakeup(multi) }
    }

    private func run() {
        var running: Int32 = 0
        while true {
            let commands = inbox.withLock { inbox -> [Command] in
                defer { inbox.commands.removeAll() }
                return inbox.commands
            }
            for command in commands {
                switch command {
                case .start(let transfer):
                    add(transfer)
                case .cancel(let transfer):
                    if active[transfer.easy] != nil {
                        complete(transfer, .failure(transfer.cancellationError()))
                    }
                case .shutdown:
                    for transfer in active.values {
                        complete(transfer, .failure(HTTPError(.cancelled, request: transfer.requestDescription,
                                                              message: "the HTTP client was shut down")))
                    }
                    curl_multi_cleanup(multi)
                    return
                }
            }

            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                      let transfer = active[easy] else { continue }
                let code = message.pointee.data.result
                complete(transfer, transfer.outcome(for: code))
            }
            // Sleeps until a socket is ready, curl's own timer fires, or another thread wakes us.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func add(_ transfer: CurlTransfer) {
        if transfer.cancelRequested.load(ordering: .sequentiallyConsistent) {
            transfer.finish(with: .failure(transfer.cancellationError()))
            return
        }
        transfer.markStarted()
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            let text = String(cString: curl_multi_strerror(code))
            transfer.finish(with: .failure(HTTPError(.invalidRequest, request: transfer.requestDescription,
                                                     message: "libcurl refused the transfer: \(text)")))
            return
        }
        active[transfer.easy] = transfer
    }

    private func complete(_ transfer: CurlTransfer, _ result: Result<HTTPResponse, Error>) {
        active[transfer.easy] = nil
        curl_multi_remove_handle(multi, transfer.easy)
        verifier.forget(transfer)
        transfer.finish(with: result)
    }
}
