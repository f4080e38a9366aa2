import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 server on 127.0.0.1 for client tests: each connection gets its own thread,
/// requests go to a handler, and every request is recorded with the connection it came on.
/// It speaks just enough HTTP (Content-Length bodies, keep-alive, chunked responses with
/// trailers) to test redirects, timeouts, large bodies, proxies and connection reuse.
public final class TestHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        /// e.g. `GET /path HTTP/1.1`, or `GET http://host/path HTTP/1.1` when used as a proxy.
        public let requestLine: String
        public let method: String
        public let target: String
        public let headers: [(String, String)]
        public let body: Data
        /// 1 for the first connection the server accepted, 2 for the next…
        public let connection: Int

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var reason: String
        public var headers: [(String, String)]
        public var body: Data
        /// Send the body chunked, then these trailer fields.
        public var trailers: [(String, String)]?
        /// Wait this long before sending anything.
        public var delay: TimeInterval
        /// Send the body in pieces of this size with `chunkDelay` between them.
        public var chunkSize: Int?
        public var chunkDelay: TimeInterval

        public init(status: Int = 200, reason: String? = nil, headers: [(String, String)] = [], body: Data = Data(),
                    trailers: [(String, String)]? = nil, delay: TimeInterval = 0, chunkSize: Int? = nil,
                    chunkDelay: TimeInterval = 0) {
            self.status = status
            self.reason = reason ?? (status == 200 ? "OK" : status == 404 ? "Not Found" : "Status \(status)")
            self.headers = headers
            self.body = body
            self.trailers = trailers
            self.delay = delay
            self.chunkSize = chunkSize
            self.chunkDelay = chunkDelay
        }

        public static func text(_ text: String, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", "text/plain")], body: Data(text.utf8))
        }
    }

    public let port: UInt16
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    private let listener: Int32
    private let handler: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var connectionCount = 0
    private var openSockets: Set<Int32> = []
    private var stopped = false

    public init(handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw BackgroundProcess.StartFailed(description: "test HTTP server could not listen: \(String(cString: strerror(errno)))")
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Every request received so far, in order.
    public var requests: [Request] { lock.withLock { recorded } }
    public var connectionsAccepted: Int { lock.withLock { connectionCount } }

    /// Stops listening and cuts open connections. Safe to call twice (and from deinit): file
    /// descriptor numbers are reused at once, so touching one already closed would cut
    /// another server's connection.
    public func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            // Shut down, not closed: the accept thread closes it when it leaves, so the number
            // cannot be reused (by another test's server) while that thread may still accept on it.
            shutdown(listener, Int32(SHUT_RDWR))
            // Under the lock: a connection thread removes its socket here before closing it,
            // so every socket still listed is still open.
            for fd in openSockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            let number: Int? = lock.withLock {
                guard !stopped else { return nil }
                connectionCount += 1
                openSockets.insert(fd)
                return connectionCount
            }
            guard let number else { close(fd); return }
            let thread = Thread { [self] in serve(fd, connection: number) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            lock.withLock { _ = openSockets.remove(fd) }
            close(fd)
        }
        var buffer = Data()
        while true {
            guard let request = readRequest(fd, &buffer, connection: connection) else { return }
            lock.withLock { recorded.append(request) }
            let response = handler(request)
            guard write(response, to: fd) else { return }
            if request.header("Connection")?.lowercased() == "close" { return }
        }
    }

    private func readRequest(_ fd: Int32, _ buffer: inout Data, connection: Int) -> Request? {
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd = buffer.range(of: separator)
        while headerEnd == nil {
            guard receive(fd, into: &buffer) else { return nil }
            headerEnd = buffer.range(of: separator)
        }
        guard let end = headerEnd else { return nil }
        let headText = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        buffer.removeSubrange(buffer.startIndex..<end.upperBound)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ")
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        while buffer.count < length {
            guard receive(fd, into: &buffer) else { return nil }
        }
        let body = Data(buffer.prefix(length))
        buffer.removeFirst(length)
        return Request(requestLine: requestLine, method: parts.first.map(String.init) ?? "",
                       target: parts.count > 1 ? String(parts[1]) : "", headers: headers, body: body,
                       connection: connection)
    }

    private func receive(_ fd: Int32, into buffer: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func write(_ response: Response, to fd: Int32) -> Bool {
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let chunked = response.trailers != nil
        head += chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: \(response.body.count)\r\n"
        if let trailers = response.trailers, !trailers.isEmpty {
            head += "Trailer: \(trailers.map(\.0).joined(separator: ", "))\r\n"
        }
        head += "\r\n"
        guard send(Data(head.utf8), fd) else { return false }

        let pieceSize = max(1, response.chunkSize ?? response.body.count)
        var offset = 0
        while offset < response.body.count {
            let piece = response.body[offset..<min(offset + pieceSize, response.body.count)]
            let framed = chunked ? Data(String(piece.count, radix: 16).utf8) + Data("\r\n".utf8) + piece + Data("\r\n".utf8) : Data(piece)
            guard send(framed, fd) else { return false }
            offset += piece.count
            if response.chunkDelay > 0, offset < response.body.count { Thread.sleep(forTimeInterval: response.chunkDelay) }
        }
        if let trailers = response.trailers {
            var tail = "0\r\n"
            for (name, value) in trailers { tail += "\(name): \(value)\r\n" }
            tail += "\r\n"
            guard send(Data(tail.utf8), fd) else { return false }
        }
        return true
    }

    private func send(_ data: Data, _ fd: Int32) -> Bool {
        data.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                sent += n
            }
            return true
        }
    }
}
