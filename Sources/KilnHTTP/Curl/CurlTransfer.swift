import CCurl
import Foundation
import KilnCrypto
import Synchronization

/// One request in flight: its easy handle, the buffers libcurl's callbacks fill, and the
/// continuation to resume. After `CurlMultiLoop.start`, everything but `cancelRequested` is
/// touched only on the loop thread.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    let requestDescription: String
    let verifier: ServerCertificateVerifier
    let observation = HandshakeObservation()
    let cancelRequested = Atomic<Bool>(false)
    var sslContext: OpaquePointer?

    let handle: CurlEasyHandle
    private let request: HTTPRequest
    private let timeouts: (connect: Duration, total: Duration)
    private let progress: (@Sendable (TransferProgress) -> Void)?
    private var completion: ((Result<HTTPResponse, Error>) -> Void)?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    private var head = ResponseHeadParser()
    private var body: ResponseBodyCollector
    private var abortError: HTTPError?
    private var startedAt = ContinuousClock.now
    private var lastProgressReport = ContinuousClock.now
    private var finished = false

    init(request: HTTPRequest, configuration: HTTPClientConfiguration, sink: BodySink,
         progress: (@Sendable (TransferProgress) -> Void)?, verifier: ServerCertificateVerifier) throws {
        self.request = request
        self.progress = progress
        self.verifier = verifier
        requestDescription = "\(request.method) \(request.url.redactedForDisplay)"
        body = ResponseBodyCollector(sink: sink)
        timeouts = (configuration.connectTimeout, request.timeout ?? configuration.requestTimeout)
        handle = try CurlEasyHandle(requestDescription: requestDescription)
        easy = handle.raw
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        do {
            try configure(configuration)
        } catch {
            releaseResources()
            throw error
        }
    }

    deinit { releaseResources() }

    func onCompletion(_ completion: @escaping (Result<HTTPResponse, Error>) -> Void) {
        self.completion = completion
    }

    func markStarted() {
        startedAt = .now
        lastProgressReport = startedAt
    }

    // MARK: Options

    private func configure(_ configuration: HTTPClientConfiguration) throws {
        let h = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              request.url.host != nil else {
            throw HTTPError(.invalidRequest, request: requestDescription, message: "only http:// and https:// URLs with a host are supported")
        }
        try h.set(CURLOPT_URL, string: request.url.absoluteString, "URL")
        try h.set(CURLOPT_PROTOCOLS_STR, string: "http,https", "PROTOCOLS_STR")
        // Threads plus signals do not mix; libcurl must not use SIGALRM for DNS timeouts.
        try h.set(CURLOPT_NOSIGNAL, bool: true, "NOSIGNAL")
        try h.set(CURLOPT_ERRORBUFFER, pointer: errorBuffer, "ERRORBUFFER")
        try h.set(CURLOPT_USERAGENT, string: configuration.userAgent, "USERAGENT")
        try h.set(CURLOPT_CONNECTTIMEOUT_MS, timeouts.connect.milliseconds, "CONNECTTIMEOUT_MS")
        try h.set(CURLOPT_TIMEOUT_MS, timeouts.total.milliseconds, "TIMEOUT_MS")
        try h.set(CURLOPT_TCP_KEEPALIVE, bool: true, "TCP_KEEPALIVE")

        try check(kiln_curl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback), "WRITEFUNCTION")
        try h.set(CURLOPT_WRITEDATA, pointer: me, "WRITEDATA")
        try check(kiln_curl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback), "HEADERFUNCTION")
        try h.set(CURLOPT_HEADERDATA, pointer: me, "HEADERDATA")
        if progress != nil {
            try h.set(CURLOPT_NOPROGRESS, bool: false, "NOPROGRESS")
            try check(kiln_curl_easy_setopt_xferinfo_callback(easy, curlProgressCallback), "XFERINFOFUNCTION")
            try h.set(CURLOPT_XFERINFODATA, pointer: me, "XFERINFODATA")
        }

        switch configuration.version {
        case .automatic: try h.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS, "HTTP_VERSION")
        case .http1_1: try h.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1, "HTTP_VERSION")
        case .http2PriorKnowledge:
            try h.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, "HTTP_VERSION")
            if !CurlGlobal.reusesPriorKnowledgeConnections {
                // A connection per request: slower, but correct on Debian 12's libcurl 7.88.
                try h.set(CURLOPT_FRESH_CONNECT, bool: true, "FRESH_CONNECT")
                try h.set(CURLOPT_FORBID_REUSE, bool: true, "FORBID_REUSE")
            }
        }
        if request.freshConnection { try h.set(CURLOPT_FRESH_CONNECT, bool: true, "FRESH_CONNECT") }
        // Wait for a connection that can multiplex rather than open a second one.
        try h.set(CURLOPT_PIPEWAIT, bool: true, "PIPEWAIT")

        switch configuration.redirects {
        case .none:
            try h.set(CURLOPT_FOLLOWLOCATION, bool: false, "FOLLOWLOCATION")
        case .follow(let max):
            try h.set(CURLOPT_FOLLOWLOCATION, bool: true, "FOLLOWLOCATION")
            try h.set(CURLOPT_MAXREDIRS, max, "MAXREDIRS")
            try h.set(CURLOPT_REDIR_PROTOCOLS_STR, string: scheme == "https" ? "https" : "http,https", "REDIR_PROTOCOLS_STR")
        }

        let proxy = configuration.proxy.resolve(for: request.url)
        // An empty proxy string stops libcurl from reading the environment on its own.
        try h.set(CURLOPT_PROXY, string: proxy.proxy ?? "", "PROXY")
        try h.set(CURLOPT_NOPROXY, string: proxy.noProxy, "NOPROXY")

        try configureMethodAndBody()
        try configureHeaders()
        try configureTLS(configuration.tls)
    }

    private func configureMethodAndBody() throws {
        let h = handle
        switch request.method {
        case .get where request.body == nil:
            try h.set(CURLOPT_HTTPGET, bool: true, "HTTPGET")
        case .head:
            try h.set(CURLOPT_NOBODY, bool: true, "NOBODY")
        case .delete where request.body == nil:
            try h.set(CURLOPT_CUSTOMREQUEST, string: "DELETE", "CUSTOMREQUEST")
        default:
            let body = request.body ?? Data()
            try h.set(CURLOPT_POST, bool: true, "POST")
            try h.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count), "POSTFIELDSIZE_LARGE")
            try body.withUnsafeBytes { raw in
                // COPYPOSTFIELDS copies: the Data may be released before the transfer runs.
                let empty: StaticString = ""
                try h.set(CURLOPT_COPYPOSTFIELDS, pointer: raw.baseAddress ?? UnsafeRawPointer(empty.utf8Start), "COPYPOSTFIELDS")
            }
            if request.method != .post {
                try h.set(CURLOPT_CUSTOMREQUEST, string: request.method.rawValue, "CUSTOMREQUEST")
            }
        }
    }

    private func configureHeaders() throws {
        var fields = request.headers
        // libcurl would add `Expect: 100-continue` to large bodies and wait for an answer
        // that many API servers never send.
        if !fields.contains("Expect") { fields.add("Expect", "") }
        for field in fields {
            // "Name;" is libcurl's spelling for a header with an empty value; "Name:" removes it.
            let line = field.value.isEmpty
                ? (field.name.caseInsensitiveEquals("Expect") ? "Expect:" : "\(field.name);")
                : "\(field.name): \(field.value)"
            guard let appended = curl_slist_append(headerList, line) else {
                throw HTTPError(.invalidRequest, request: requestDescription, message: "out of memory building headers")
            }
            headerList = appended
        }
        try handle.set(CURLOPT_HTTPHEADER, pointer: headerList, "HTTPHEADER")
    }

    func check(_ code: CURLcode, _ name: StaticString) throws { try handle.check(code, name) }

    // MARK: Callbacks (loop thread)

    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        head.consume(line: String(decoding: bytes, as: UTF8.self))
        return bytes.count
    }

    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        do {
            try body.append(bytes, status: head.status)
            return bytes.count
        } catch {
            abortError = HTTPError(error.kind, request: requestDescription, message: error.message)
            return 0  // tells libcurl to abort the transfer
        }
    }

    fileprivate func reportProgress(received: Int64, expected: Int64) {
        guard let progress else { return }
        let now = ContinuousClock.now
        // At most ten reports a second: callers print them.
        guard now - lastProgressReport >= .milliseconds(100) else { return }
        lastProgressReport = now
        progress(TransferProgress(receivedBytes: received, expectedBytes: expected > 0 ? expected : nil))
    }

    // MARK: Completion (loop thread)

    func cancellationError() -> HTTPError {
        HTTPError(.cancelled, request: requestDescription, message: "cancelled")
    }

    /// Turns libcurl's result into a response or a typed error.
    func outcome(for code: CURLcode) -> Result<HTTPResponse, Error> {
        if let abortError { return .failure(abortError) }
        guard code == CURLE_OK else { return .failure(CurlErrorMapper.error(for: code, transfer: self)) }

        var metadata = HTTPTransferMetadata()
        metadata.httpVersion = switch handle.info(long: CURLINFO_HTTP_VERSION) {
        case CURL_HTTP_VERSION_1_0: .http1_0
        case CURL_HTTP_VERSION_1_1: .http1_1
        case CURL_HTTP_VERSION_2_0: .http2
        case CURL_HTTP_VERSION_3: .http3
        default: .unknown
        }
        metadata.effectiveURL = handle.info(string: CURLINFO_EFFECTIVE_URL).flatMap(URL.init(string:))
        metadata.redirectCount = handle.info(long: CURLINFO_REDIRECT_COUNT)
        metadata.newConnections = handle.info(long: CURLINFO_NUM_CONNECTS)
        metadata.serverCertificateSHA256 = observation.leafSHA256
        metadata.duration = ContinuousClock.now - startedAt

        let status = handle.info(long: CURLINFO_RESPONSE_CODE)
        do {
            try body.complete(status: status)
        } catch {
            return .failure(HTTPError(error.kind, request: requestDescription, message: error.message))
        }
        if progress != nil {
            let expected = handle.info(offset: CURLINFO_CONTENT_LENGTH_DOWNLOAD_T)
            progress?(TransferProgress(receivedBytes: body.received, expectedBytes: expected > 0 ? expected : nil))
        }
        return .success(HTTPResponse(status: status, reason: head.reason, headers: head.headers,
                                     trailers: head.trailers, body: body.memory, metadata: metadata))
    }

    /// Resumes the caller exactly once and frees the handle.
    func finish(with result: Result<HTTPResponse, Error>) {
        guard !finished else { return }
        finished = true
        if case .failure = result { body.discard() }
        let completion = self.completion
        self.completion = nil
        releaseResources()
        completion?(result)
    }

    var curlErrorText: String {
        let text = String(cString: errorBuffer)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var redirectCount: Int { handle.info(long: CURLINFO_REDIRECT_COUNT) }

    /// Whether any response status line arrived.
    var responseStarted: Bool { head.status != 0 }

    var connectionWasEstablished: Bool {
        handle.info(offset: CURLINFO_CONNECT_TIME_T) > 0
    }

    private var released = false
    private func releaseResources() {
        guard !released else { return }
        released = true
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        headerList = nil
        errorBuffer.deallocate()
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 so a tiny timeout is not read as "none".
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

private let curlWriteCallback: kiln_curl_data_callback = { data, size, count, userData in
    guard let userData else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let curlHeaderCallback: kiln_curl_data_callback = { data, size, count, userData in
    guard let userData else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let curlProgressCallback: kiln_curl_xferinfo_callback = { userData, downloadTotal, downloadNow, _, _ in
    guard let userData else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    transfer.reportProgress(received: Int64(downloadNow), expected: Int64(downloadTotal))
    return 0
}
