/// A failure talking to an SSH server. It names the endpoint and what kiln was doing; it never
/// carries key material or passphrases (only public fingerprints and file locations).
public struct SSHError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// TCP connect or the SSH handshake failed (refused, unreachable, protocol error).
        case connectFailed
        /// TCP connect or the SSH handshake did not finish within the connect timeout.
        case connectTimeout
        /// An operation after connecting made no progress within its timeout.
        case timeout
        /// The calling Swift task was cancelled.
        case cancelled
        /// The server's host key is not in known_hosts (or not among the pinned fingerprints).
        case hostKeyUnknown
        /// known_hosts records a different key for this host.
        case hostKeyChanged
        /// The server presented a key marked `@revoked`.
        case hostKeyRevoked
        /// No identity was accepted by the server.
        case authenticationFailed
        /// The private key could not be read (format, passphrase).
        case invalidPrivateKey
        /// Opening or driving an exec channel failed.
        case channelFailed
        /// A command ran but failed (only from `SSHExecResult.checked()`).
        case commandFailed
        /// An SFTP request failed; `sftpStatus` says how.
        case sftpFailed
        /// A local file (upload source, known_hosts) could not be read.
        case localFileFailed
        /// The session is closed, or unusable after an interrupted operation.
        case sessionClosed
    }

    public var kind: Kind
    /// `host:port` of the server.
    public var endpoint: String
    /// What kiln was doing, e.g. "uploading to /var/lib/vz/snippets/a.yaml".
    public var context: String
    /// What went wrong, from libssh2, the server or our own checks.
    public var detail: String?
    /// The SFTP status of an `sftpFailed` error.
    public var sftpStatus: SFTPStatus?
    /// What the user can do about it (multi-line, ready to print).
    public var hint: String?

    public init(_ kind: Kind, endpoint: String, context: String, detail: String? = nil,
                sftpStatus: SFTPStatus? = nil, hint: String? = nil) {
        self.kind = kind
        self.endpoint = endpoint
        self.context = context
        self.detail = detail
        self.sftpStatus = sftpStatus
        self.hint = hint
    }

    public var description: String {
        var text = "ssh \(endpoint): \(context)"
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        if let hint, !hint.isEmpty { text += "\n\(hint)" }
        return text
    }
}
