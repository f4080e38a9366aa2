import CSSH2

/// The public-key types kiln understands in known_hosts and from servers.
public enum SSHKeyType: String, Sendable, CaseIterable {
    case ed25519 = "ssh-ed25519"
    case ecdsaP256 = "ecdsa-sha2-nistp256"
    case ecdsaP384 = "ecdsa-sha2-nistp384"
    case ecdsaP521 = "ecdsa-sha2-nistp521"
    case rsa = "ssh-rsa"

    /// The name `ssh-keyscan -t` and `ssh-keygen -t` use.
    public var shortName: String {
        switch self {
        case .ed25519: "ed25519"
        case .ecdsaP256, .ecdsaP384, .ecdsaP521: "ecdsa"
        case .rsa: "rsa"
        }
    }

    /// The public half a stock OpenSSH server (Proxmox included) keeps for this type.
    public var serverPublicKeyPath: String { "/etc/ssh/ssh_host_\(shortName)_key.pub" }

    /// Host-key algorithms that produce this key type in the handshake. RSA keys sign with
    /// SHA-2 first; plain `ssh-rsa` (SHA-1) is last because modern servers disable it.
    var hostKeyAlgorithms: [String] {
        switch self {
        case .rsa: ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]
        default: [rawValue]
        }
    }

    /// Maps `libssh2_session_hostkey`'s type code.
    init?(libssh2Type: Int32) {
        switch libssh2Type {
        case LIBSSH2_HOSTKEY_TYPE_ED25519: self = .ed25519
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: self = .ecdsaP256
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: self = .ecdsaP384
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: self = .ecdsaP521
        case LIBSSH2_HOSTKEY_TYPE_RSA: self = .rsa
        default: return nil
        }
    }

    /// Preference order when nothing is recorded yet: Ed25519 first, matching the advice in our
    /// error messages (`ssh-keyscan -t ed25519`).
    static let defaultOrder: [SSHKeyType] = [.ed25519, .ecdsaP256, .ecdsaP384, .ecdsaP521, .rsa]
}
