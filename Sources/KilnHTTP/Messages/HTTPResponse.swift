import Foundation

/// What came back: status line, header fields, trailer fields and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// The reason phrase of an HTTP/1.x status line ("got timeout", "Parameter verification
    /// failed."): Proxmox puts its error text there. Empty on HTTP/2, which has none.
    public var reason: String
    public var headers: HTTPHeaders
    /// Fields sent after the body (HTTP/2 trailers, HTTP/1.1 chunked trailers): gRPC status lives here.
    public var trailers: HTTPHeaders
    public var body: Data
    public var metadata: HTTPTransferMetadata

    public var isSuccess: Bool { (200..<300).contains(status) }

    public init(status: Int, reason: String = "", headers: HTTPHeaders = [:], trailers: HTTPHeaders = [:],
                body: Data = Data(), metadata: HTTPTransferMetadata = HTTPTransferMetadata()) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.trailers = trailers
        self.body = body
        self.metadata = metadata
    }
}

/// Facts about how a response was obtained.
public struct HTTPTransferMetadata: Sendable, Equatable {
    public enum Version: String, Sendable { case http1_0 = "HTTP/1.0", http1_1 = "HTTP/1.1", http2 = "HTTP/2", http3 = "HTTP/3", unknown }

    public var httpVersion: Version = .unknown
    /// The URL that answered, after redirects.
    public var effectiveURL: URL?
    public var redirectCount: Int = 0
    /// New connections this transfer opened: 0 means it reused a pooled one.
    public var newConnections: Int = 0
    /// SHA-256 of the server's leaf certificate, when kiln saw the handshake.
    public var serverCertificateSHA256: [UInt8]?
    public var duration: Duration = .zero

    public init() {}
}

/// Progress of a transfer, reported to download callbacks.
public struct TransferProgress: Sendable, Equatable {
    public var receivedBytes: Int64
    /// From Content-Length; nil when the server did not say.
    public var expectedBytes: Int64?

    public init(receivedBytes: Int64, expectedBytes: Int64?) {
        self.receivedBytes = receivedBytes
        self.expectedBytes = expectedBytes
    }

    public var fraction: Double? {
        guard let expectedBytes, expectedBytes > 0 else { return nil }
        return Double(receivedBytes) / Double(expectedBytes)
    }
}
