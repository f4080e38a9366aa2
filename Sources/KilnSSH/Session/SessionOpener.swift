import CSSH2
#if canImport(Glibc)
import Glibc
#endif

/// Connect → handshake → verify host key → authenticate. Runs on the client's SSH thread.
enum SessionOpener {
    static func open(_ config: SSHConfiguration) throws -> LibSSH2Session {
        let endpoint = config.endpoint
        let initStatus = LibSSH2Global.ensureInitialized()
        guard initStatus == 0 else {
            throw SSHError(.connectFailed, endpoint: endpoint, context: "initialising libssh2", detail: "libssh2_init returned \(initStatus)")
        }
        let connectDeadline = ContinuousClock.now + config.connectTimeout
        let socket = try SocketConnector.connect(host: config.host, port: config.port, deadline: connectDeadline, endpoint: endpoint)
        guard let raw = kiln_libssh2_session_init() else {
            _ = Glibc.close(socket)
            throw SSHError(.connectFailed, endpoint: endpoint, context: "creating the libssh2 session", detail: "out of memory")
        }
        let session = LibSSH2Session(raw: raw, socket: socket, endpoint: endpoint, operationTimeout: config.operationTimeout)
        do {
            try handshake(session, config: config, deadline: connectDeadline)
            try verifyHostKey(session, config: config)
            try Authenticator.authenticate(session, user: config.user, with: config.authentication)
            return session
        } catch {
            session.close()
            throw error
        }
    }

    private static func handshake(_ session: LibSSH2Session, config: SSHConfiguration, deadline: ContinuousClock.Instant) throws {
        let algorithms = HostKeyVerifier.preferredAlgorithms(policy: config.hostKeyPolicy, host: config.host, port: config.port)
        // libssh2 drops names it does not support and fails only if none is left; our list always
        // contains ssh-ed25519, which 1.10 supports.
        _ = libssh2_session_method_pref(session.raw, LIBSSH2_METHOD_HOSTKEY, algorithms.joined(separator: ","))
        let rc = try session.retry("SSH handshake", deadline: deadline, timeoutKind: .connectTimeout) {
            libssh2_session_handshake(session.raw, session.socket)
        }
        guard rc == 0 else {
            throw SSHError(.connectFailed, endpoint: session.endpoint, context: "SSH handshake", detail: session.lastErrorMessage())
        }
    }

    private static func verifyHostKey(_ session: LibSSH2Session, config: SSHConfiguration) throws {
        var length = 0
        var type: Int32 = 0
        guard let pointer = libssh2_session_hostkey(session.raw, &length, &type), length > 0 else {
            throw SSHError(.connectFailed, endpoint: session.endpoint, context: "verifying the host key",
                           detail: "the server presented no host key")
        }
        let blob = pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
        guard let keyType = SSHKeyType(libssh2Type: type) else {
            throw SSHError(.hostKeyUnknown, endpoint: session.endpoint, context: "verifying the host key",
                           detail: "the server presented an unsupported host key type (\(SSHWire.firstString(blob) ?? "code \(type)"))")
        }
        try HostKeyVerifier.verify(PresentedHostKey(type: keyType, blob: blob), host: config.host, port: config.port,
                                   policy: config.hostKeyPolicy)
    }
}
