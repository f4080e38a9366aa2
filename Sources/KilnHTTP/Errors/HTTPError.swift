/// Why a request did not produce a response. HTTP error statuses are *responses*, not errors:
/// callers (the Proxmox client, the gRPC caller) decide what a 500 means.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case invalidRequest
        case hostNotFound
        case connectionFailed
        case connectTimeout
        case requestTimeout
        /// The server's certificate is not trusted (unknown CA, self-signed, wrong name, expired).
        case untrustedServer
        /// The server's certificate is not the pinned one.
        case pinMismatch
        /// The TLS handshake failed for another reason, or the server rejected ours (client
        /// certificate from the wrong CA, protocol version).
        case tlsFailed
        case tooManyRedirects
        case insecureRedirect
        case bodyTooLarge
        /// Writing a download to disk failed.
        case localFile
        /// Connection reset, broken stream, or any other failure mid-transfer.
        case transferFailed
        case cancelled
    }

    public var kind: Kind
    /// `GET https://host:8006/api2/json/version`, without credentials.
    public var request: String
    public var message: String
    /// SHA-256 of the certificate the server presented, when the failure concerns it.
    public var serverCertificateSHA256: [UInt8]?
    /// libcurl's error code, for diagnostics.
    public var curlCode: Int32?
    /// The server completed a fresh TLS handshake on this request, then the connection broke
    /// before any response arrived (`transferFailed` only). Under TLS 1.3 a server checks the
    /// client certificate after the client's side of the handshake is done, so this is how a
    /// refusal looks when the connection is reset before its alert is read; callers that know
    /// the server requires client certificates may name that cause.
    public var closedAfterTLSHandshake = false

    public init(_ kind: Kind, request: String, message: String, serverCertificateSHA256: [UInt8]? = nil,
                curlCode: Int32? = nil) {
        self.kind = kind
        self.request = request
        self.message = message
        self.serverCertificateSHA256 = serverCertificateSHA256
        self.curlCode = curlCode
    }

    public var description: String { "\(request): \(message)" }
}
