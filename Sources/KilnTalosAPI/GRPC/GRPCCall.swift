import Foundation
import KilnHTTP
import SwiftProtobuf

/// Builds the HTTP/2 request for one gRPC call; the transport (KilnHTTP) sends it.
public enum GRPCCall {
    /// `POST endpoint+path` with the framed message. `deadline` becomes `grpc-timeout` (so the
    /// server stops when the caller would) and the request's own timeout (so the transport does too).
    public static func request(
        endpoint: URL, path: String, message: some SwiftProtobuf.Message,
        deadline: ContinuousClock.Instant? = nil, now: ContinuousClock.Instant = .now,
        metadata: GRPCMetadata = GRPCMetadata()
    ) throws(GRPCError) -> HTTPRequest {
        guard path.hasPrefix("/"), path.dropFirst().contains("/") else {
            throw .invalidRequest("method path \"\(path)\" is not /package.Service/Method")
        }
        let base = endpoint.absoluteString.hasSuffix("/") ? String(endpoint.absoluteString.dropLast()) : endpoint.absoluteString
        guard let url = URL(string: base + path) else { throw .invalidRequest("no URL from \(base) and \(path)") }

        var headers: HTTPHeaders = [
            "content-type": "application/grpc",
            // Required by gRPC: it tells proxies the client understands trailers, where the status is.
            "te": "trailers",
        ]
        var timeout: Duration?
        if let deadline {
            let remaining = deadline - now
            guard remaining > .zero else { throw .deadlineExceeded("the deadline passed before \(path) was sent") }
            headers.add("grpc-timeout", GRPCTimeout.headerValue(for: remaining))
            timeout = remaining
        }
        for field in metadata.fields { headers.add(field.key, field.value) }

        let payload: Data
        do {
            payload = try message.serializedData()
        } catch {
            throw .invalidRequest("\(type(of: message)) could not be encoded: \(error)")
        }
        return HTTPRequest(method: .post, url: url, headers: headers, body: try GRPCFrame.encode(payload), timeout: timeout)
    }
}
