import COpenSSL

/// A failure inside the crypto layer, carrying what kiln was doing and what OpenSSL said.
public struct CryptoError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// Input that is not what it claims to be: bad PEM, wrong key type, truncated data.
        case malformedInput
        /// Well-formed input kiln deliberately does not handle: encrypted private keys, unknown PEM
        /// labels, curves and key types outside the supported set.
        case unsupported
        /// A caller-supplied parameter out of range: a 31-byte AES key, an RSA size below 2048 bits,
        /// a key format that does not fit the key type, an IP address that does not parse.
        case invalidArgument
        /// A seal that does not open: wrong key, tampered ciphertext or associated data.
        case authenticationFailed
        /// A certificate chain that does not verify.
        case verificationFailed
        /// OpenSSL refused an operation kiln expected to work.
        case library
    }

    public var kind: Kind
    /// What kiln was doing, e.g. "parsing the certificate PEM".
    public var context: String
    /// OpenSSL's own words, when it had any.
    public var detail: String?

    public init(_ kind: Kind, _ context: String, detail: String? = nil) {
        self.kind = kind
        self.context = context
        self.detail = detail
    }

    public var description: String {
        if let detail, !detail.isEmpty { return "\(context): \(detail)" }
        return context
    }

    /// Builds an error from OpenSSL's thread-local error queue, emptying it.
    static func openSSL(_ context: String, kind: Kind = .library) -> CryptoError {
        CryptoError(kind, context, detail: OpenSSLErrorQueue.drain())
    }
}

enum OpenSSLErrorQueue {
    /// Reads and clears every queued OpenSSL error, returning their reason strings.
    static func drain() -> String? {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let reason = ERR_reason_error_string(code) {
                let text = String(cString: reason)
                if !reasons.contains(text) { reasons.append(text) }
            } else {
                reasons.append("error \(code)")
            }
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    static func clear() { ERR_clear_error() }
}
