import CSSH2
import Foundation

/// Runs user authentication on a handshaken session.
enum Authenticator {
    static func authenticate(_ session: LibSSH2Session, user: String, with method: SSHAuthentication) throws {
        let offered = try offeredMethods(session, user: user)
        guard let offered else { return }  // the server accepted "none"
        switch method {
        case .privateKey(let key):
            try authenticate(session, user: user, key: key, offered: offered)
        case .agent(let socketPath):
            try authenticateWithAgent(session, user: user, socketPath: socketPath, offered: offered)
        }
    }

    /// The methods the server accepts for `user` (comma-separated, e.g. "publickey,password"), or
    /// nil when asking already logged us in (the "none" method).
    private static func offeredMethods(_ session: LibSSH2Session, user: String) throws -> String? {
        let list = try session.retryPointer("listing authentication methods", deadline: session.deadline()) {
            libssh2_userauth_list(session.raw, user, UInt32(user.utf8.count))
        }
        if let list { return String(cString: list) }
        if libssh2_userauth_authenticated(session.raw) != 0 { return nil }
        throw SSHError(.authenticationFailed, endpoint: session.endpoint, context: "listing authentication methods for \(user)",
                       detail: session.lastErrorMessage())
    }

    private static func authenticate(_ session: LibSSH2Session, user: String, key: SSHPrivateKey, offered: String) throws {
        let passphrase = key.passphrase
        let rc = try session.retry("authenticating \(user) with a private key", deadline: session.deadline()) {
            key.keyData.withUnsafeBufferPointer { keyBytes in
                keyBytes.withMemoryRebound(to: CChar.self) { keyChars in
                    libssh2_userauth_publickey_frommemory(session.raw, user, Int(user.utf8.count), nil, 0,
                                                          keyChars.baseAddress, keyChars.count, passphrase)
                }
            }
        }
        if rc == 0 { return }
        let context = "authenticating \(user) with a private key"
        switch rc {
        case LIBSSH2_ERROR_FILE, LIBSSH2_ERROR_KEYFILE_AUTH_FAILED, LIBSSH2_ERROR_METHOD_NOT_SUPPORTED:
            let needsPassphrase = passphrase == nil ? " (if it is encrypted, pass its passphrase)" : " (is the passphrase right?)"
            throw SSHError(.invalidPrivateKey, endpoint: session.endpoint, context: context,
                           detail: "the private key could not be read\(needsPassphrase): \(session.lastErrorMessage())",
                           hint: "Supported: Ed25519, ECDSA and RSA keys in OpenSSH or PEM format.")
        default:
            var hint = "Check that the key's public half is in the user's authorized_keys on the node."
            if PrivateKeyInfo.isRSA(key) {
                hint += """

                Note: libssh2 1.10 signs with RSA keys using SHA-1 ("ssh-rsa"), which OpenSSH 8.8 and later \
                (Proxmox VE 8+) refuse by default. Use an Ed25519 key (ssh-keygen -t ed25519).
                """
            }
            throw refused(session, user: user, context: context, offered: offered, hint: hint)
        }
    }

    private static func authenticateWithAgent(_ session: LibSSH2Session, user: String, socketPath: String?, offered: String) throws {
        let context = "authenticating \(user) with the SSH agent"
        guard let path = socketPath ?? ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"], !path.isEmpty else {
            throw SSHError(.authenticationFailed, endpoint: session.endpoint, context: context,
                           detail: "no agent: SSH_AUTH_SOCK is not set")
        }
        guard let agent = libssh2_agent_init(session.raw) else {
            throw SSHError(.authenticationFailed, endpoint: session.endpoint, context: context, detail: session.lastErrorMessage())
        }
        defer {
            libssh2_agent_disconnect(agent)
            libssh2_agent_free(agent)
        }
        libssh2_agent_set_identity_path(agent, path)
        guard libssh2_agent_connect(agent) == 0 else {
            throw SSHError(.authenticationFailed, endpoint: session.endpoint, context: context,
                           detail: "cannot connect to the agent at \(path): \(session.lastErrorMessage())")
        }
        let listed = try session.retry("listing agent identities", deadline: session.deadline()) {
            libssh2_agent_list_identities(agent)
        }
        guard listed == 0 else {
            throw SSHError(.authenticationFailed, endpoint: session.endpoint, context: context,
                           detail: "cannot list the agent's identities: \(session.lastErrorMessage())")
        }
        // Try each identity in the agent's order, as ssh does; remember what was tried.
        var tried: [String] = []
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        while true {
            var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
            let next = libssh2_agent_get_identity(agent, &identity, previous)
            if next != 0 { break }
            guard let identity else { break }
            previous = identity
            let rc = try session.retry(context, deadline: session.deadline()) {
                libssh2_agent_userauth(agent, user, identity)
            }
            if rc == 0 { return }
            let blob = Array(UnsafeBufferPointer(start: identity.pointee.blob, count: identity.pointee.blob_len))
            let type = SSHWire.firstString(blob) ?? "key"
            tried.append("\(type) \(SSHFingerprint.sha256(ofKeyBlob: blob))")
        }
        let detail = tried.isEmpty ? "the agent at \(path) holds no identities" : "tried \(tried.joined(separator: ", "))"
        throw refused(session, user: user, context: context, offered: offered, extra: detail,
                      hint: "Add the right key to the agent (ssh-add) or its public half to authorized_keys on the node.")
    }

    private static func refused(_ session: LibSSH2Session, user: String, context: String, offered: String,
                                extra: String? = nil, hint: String) -> SSHError {
        var detail = "the server refused the credentials for \(user); it offers: \(offered)"
        if let extra { detail += " (\(extra))" }
        return SSHError(.authenticationFailed, endpoint: session.endpoint, context: context, detail: detail, hint: hint)
    }
}
