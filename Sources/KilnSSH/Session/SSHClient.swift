/// An authenticated SSH session to one server: run commands, upload files.
///
/// The actor runs on its own thread (`SSHThreadExecutor`), so every libssh2 call happens there and
/// never on Swift's cooperative pool; calls are serialised, one request at a time per session.
/// Open several clients for parallel work. Call `close()` when done (dropping the client also
/// closes it).
public actor SSHClient {
    private let executor: SSHThreadExecutor
    private var session: LibSSH2Session?
    public nonisolated let configuration: SSHConfiguration

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// `host:port` of the server.
    public nonisolated var endpoint: String { configuration.endpoint }

    private init(configuration: SSHConfiguration) {
        self.configuration = configuration
        executor = SSHThreadExecutor(name: "kiln-ssh \(configuration.endpoint)")
    }

    /// Connects, verifies the host key under the configured policy, and authenticates.
    public static func connect(_ configuration: SSHConfiguration) async throws -> SSHClient {
        let client = SSHClient(configuration: configuration)
        try await client.open()
        return client
    }

    private func open() throws {
        session = try SessionOpener.open(configuration)
    }

    /// Runs `command` through the user's shell on the server. A non-zero exit status is not an
    /// error: look at `exitStatus` (or call `SSHExecResult.checked()`).
    /// - Parameters:
    ///   - stdin: bytes fed to the command's standard input, then end-of-file.
    ///   - timeout: total time allowed; default the configuration's `operationTimeout`.
    ///   - maxOutputBytes: per stream; beyond it output is discarded and `…Truncated` is set.
    public func exec(_ command: String, stdin: [UInt8]? = nil, timeout: Duration? = nil,
                     maxOutputBytes: Int = 16 << 20) throws -> SSHExecResult {
        let session = try usableSession("running \(command)")
        return try ChannelExec.run(session, command: command, stdin: stdin,
                                   deadline: .now + (timeout ?? configuration.operationTimeout),
                                   maxOutputBytes: maxOutputBytes)
    }

    /// Uploads `source` to `remotePath` atomically: the data goes to a temporary file in the same
    /// directory, is synced, gets `mode`, and is renamed over the target. Readers never see a
    /// partial file. `progress` is called on the SSH thread after each chunk; keep it quick.
    public func upload(_ source: SFTPUploadSource, to remotePath: String, mode: UInt32 = 0o644,
                       createParentDirectories: Bool = false,
                       progress: (@Sendable (SFTPUploadProgress) -> Void)? = nil) throws {
        let session = try usableSession("uploading to \(remotePath)")
        try SFTPUploader(session: session).upload(source, to: remotePath, mode: mode,
                                                  createParentDirectories: createParentDirectories, progress: progress)
    }

    /// Attributes of a remote path (for checks after an upload), via SFTP `stat`.
    public func stat(_ remotePath: String) throws -> SFTPFileAttributes {
        let session = try usableSession("reading attributes of \(remotePath)")
        return try SFTPUploader(session: session).stat(remotePath)
    }

    /// Disconnects. Later calls fail with `.sessionClosed`.
    public func close() {
        session?.close()
        session = nil
    }

    private func usableSession(_ context: String) throws -> LibSSH2Session {
        guard let session else {
            throw SSHError(.sessionClosed, endpoint: endpoint, context: context, detail: "the session is closed")
        }
        try session.ensureUsable(context)
        return session
    }

    deinit {
        // Close on the SSH thread (libssh2 stays on one thread), then let the thread end.
        let session = self.session
        let executor = self.executor
        if let session { executor.submit { session.close() } }
        executor.shutdown()
    }
}
