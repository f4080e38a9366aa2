/// How kiln proves who it is to the server.
public enum SSHAuthentication: Sendable {
    /// A private key held in memory (never written to disk).
    case privateKey(SSHPrivateKey)
    /// Identities from an SSH agent; `nil` means the `SSH_AUTH_SOCK` environment variable.
    case agent(socketPath: String? = nil)
}

/// A private key in OpenSSH (`-----BEGIN OPENSSH PRIVATE KEY-----`) or PEM format, with its
/// passphrase if encrypted. Its description never shows the key or the passphrase.
public struct SSHPrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let keyData: [UInt8]
    let passphrase: String?

    public init(_ text: String, passphrase: String? = nil) {
        self.init(bytes: Array(text.utf8), passphrase: passphrase)
    }

    public init(bytes: [UInt8], passphrase: String? = nil) {
        keyData = bytes
        self.passphrase = passphrase
    }

    public var description: String { "SSHPrivateKey(<redacted>)" }
    public var debugDescription: String { description }
}
