/// Splits what libcurl's header callback delivers into status line, header fields and trailer
/// fields. curl passes every header block it sees (1xx interim responses, redirects, a proxy's
/// CONNECT answer) and then, after the body, the trailers: a status line starts a new response,
/// the blank line ends its header block, and any field after that is a trailer.
struct ResponseHeadParser {
    private enum Phase { case awaitingStatus, headers, afterHeaders }

    private var phase = Phase.awaitingStatus
    private(set) var status = 0
    private(set) var reason = ""
    private(set) var headers = HTTPHeaders()
    private(set) var trailers = HTTPHeaders()

    /// Whether the final (non-1xx) header block is complete, i.e. the body may follow.
    var headersComplete: Bool { phase == .afterHeaders }

    mutating func consume(line rawLine: String) {
        var line = Substring(rawLine)
        // "\r\n" is one Character in Swift, so test for newlines rather than for "\r".
        while let last = line.last, last.isNewline { line.removeLast() }

        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            reason = parts.count > 2 ? String(parts[2]).trimmingWhitespace() : ""
            headers = HTTPHeaders()
            trailers = HTTPHeaders()
            phase = .headers
            return
        }
        if line.isEmpty {
            if phase == .headers {
                // 1xx responses (100 Continue, 103 Early Hints) are followed by the real one.
                phase = (100..<200).contains(status) && status != 101 ? .awaitingStatus : .afterHeaders
            }
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingWhitespace()
        let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
        switch phase {
        case .headers: headers.add(name, value)
        case .afterHeaders: trailers.add(name, value)
        case .awaitingStatus: break
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
