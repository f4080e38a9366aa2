import Foundation

/// An async HTTP client over libcurl.
///
/// Each client owns one connection pool and one TLS identity (see `HTTPClientConfiguration`),
/// driven by its own thread: requests suspend the calling task and never block Swift's
/// cooperative pool. Cancelling the task aborts the transfer.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let loop: CurlMultiLoop

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws {
        self.configuration = configuration
        loop = try CurlMultiLoop(trust: configuration.tls.trust)
    }

    deinit { loop.shutdown() }

    /// Sends `request` and returns the whole response. HTTP error statuses are responses, not
    /// errors; transport failures throw `HTTPError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await perform(request, sink: .memory(limit: configuration.maxBodyBytes), progress: nil)
    }

    /// Streams the response body of `request` into `destination` (through `destination.partial`,
    /// renamed when complete, so a failed download never leaves a truncated file at the final
    /// path). `progress` is called on the transfer thread at most ten times a second and once
    /// at the end: keep it cheap. A non-2xx response leaves no file and carries its error body.
    public func download(_ request: HTTPRequest, to destination: URL,
                         progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> HTTPResponse {
        try await perform(request, sink: .file(destination: destination), progress: progress)
    }

    private func perform(_ request: HTTPRequest, sink: BodySink,
                         progress: (@Sendable (TransferProgress) -> Void)?) async throws -> HTTPResponse {
        let transfer = try CurlTransfer(request: request, configuration: configuration, sink: sink,
                                        progress: progress, verifier: loop.verifier)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.onCompletion { continuation.resume(with: $0) }
                loop.start(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }
}
