/// How kiln decides whether to trust the server's host key. There is deliberately no default:
/// callers choose a known_hosts file or pinned fingerprints, and accepting anything has to be
/// spelled out with a reason.
public enum HostKeyPolicy: Sendable {
    /// Trust keys recorded for host:port in this OpenSSH known_hosts file.
    case knownHostsFile(String)
    /// Trust exactly these fingerprints (`SHA256:…`, as `ssh-keygen -l` prints them).
    case pinned([String])
    /// Accept whatever key the server presents. Only for throwaway lab machines; the reason is
    /// kept so logs can say why verification was skipped.
    case insecureAcceptAny(reason: String)
}

/// The key a server presented in the handshake.
public struct PresentedHostKey: Sendable {
    public let type: SSHKeyType
    public let blob: [UInt8]
    public var fingerprint: String { SSHFingerprint.sha256(ofKeyBlob: blob) }
}
