import CSSH2
import KilnCrypto

/// SFTP work on one session: atomic uploads, directory creation, stat.
struct SFTPUploader {
    let session: LibSSH2Session
    private static let chunkSize = 512 * 1024
    // SFTP open flags and attribute bits (libssh2_sftp.h macros).
    private static let writeCreateExclusive = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL)
    private static let renameFlags = Int(LIBSSH2_SFTP_RENAME_OVERWRITE | LIBSSH2_SFTP_RENAME_ATOMIC | LIBSSH2_SFTP_RENAME_NATIVE)

    func upload(_ source: SFTPUploadSource, to remotePath: String, mode: UInt32, createParentDirectories: Bool,
                progress: (@Sendable (SFTPUploadProgress) -> Void)?) throws {
        let context = "uploading to \(remotePath)"
        let (directory, name) = RemotePath.split(remotePath)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw SSHError(.sftpFailed, endpoint: session.endpoint, context: context, detail: "the remote path names no file")
        }
        let local = try LocalSource(source, endpoint: session.endpoint)
        try withSFTP(context) { sftp in
            if createParentDirectories { try makeDirectories(sftp, directory, context: context) }
            // A random suffix keeps concurrent uploads of the same file from sharing a temp file.
            let suffix = Hex.encode((try? SecureRandom.bytes(6)) ?? [UInt8](repeating: 0, count: 6))
            let temporary = RemotePath.join(directory, ".\(name).kiln-upload-\(suffix)")
            let handle = try openTemporary(sftp, temporary, directory: directory, context: context,
                                           createParentDirectories: createParentDirectories)
            var handleOpen = true
            do {
                try write(local, to: handle, context: context, progress: progress)
                try sync(sftp, handle, context: context)
                try setMode(sftp, handle, mode: mode, path: temporary, context: context)
                handleOpen = false
                try closeHandle(sftp, handle, context: context)
                try rename(sftp, from: temporary, to: remotePath, context: context)
            } catch {
                // Leave nothing behind: drop the handle and the partial temporary file.
                if session.brokenReason == nil {
                    let grace = ContinuousClock.now + .seconds(2)
                    if handleOpen { _ = try? session.retry("closing", deadline: grace, honorCancellation: false) { kiln_libssh2_sftp_close(handle) } }
                    _ = try? session.retry("removing \(temporary)", deadline: grace, honorCancellation: false) {
                        kiln_libssh2_sftp_unlink(sftp, temporary)
                    }
                }
                throw error
            }
        }
    }

    func stat(_ path: String) throws -> SFTPFileAttributes {
        try withSFTP("reading attributes of \(path)") { sftp in
            guard let attributes = try statIfExists(sftp, path, context: "reading attributes of \(path)") else {
                throw SSHError(.sftpFailed, endpoint: session.endpoint, context: "reading attributes of \(path)",
                               detail: "\(path): \(SFTPStatus.noSuchFile.name)", sftpStatus: .noSuchFile)
            }
            return attributes
        }
    }

    // MARK: - Steps

    private func withSFTP<T>(_ context: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        guard let sftp = try session.retryPointer("starting SFTP", deadline: session.deadline(), { libssh2_sftp_init(session.raw) }) else {
            throw SSHError(.sftpFailed, endpoint: session.endpoint, context: context,
                           detail: "the SFTP subsystem did not start: \(session.lastErrorMessage())")
        }
        defer {
            if session.brokenReason == nil {
                _ = try? session.retry("stopping SFTP", deadline: .now + .seconds(2), honorCancellation: false) {
                    libssh2_sftp_shutdown(sftp)
                }
            }
        }
        return try body(sftp)
    }

    private func openTemporary(_ sftp: OpaquePointer, _ temporary: String, directory: String, context: String,
                               createParentDirectories: Bool) throws -> OpaquePointer {
        // 0600 while incomplete; the requested mode is set just before the rename.
        if let handle = try session.retryPointer("creating \(temporary)", deadline: session.deadline(), {
            kiln_libssh2_sftp_open(sftp, temporary, Self.writeCreateExclusive, 0o600)
        }) {
            return handle
        }
        var error = sftpError(sftp, context: context, path: temporary)
        if error.sftpStatus == .noSuchFile || error.sftpStatus == .noSuchPath {
            error.detail = "the directory \(directory) does not exist (\(SFTPStatus.noSuchFile.name))"
            if !createParentDirectories { error.hint = "Create it first, or upload with createParentDirectories: true." }
        }
        throw error
    }

    private func write(_ local: LocalSource, to handle: OpaquePointer, context: String,
                       progress: (@Sendable (SFTPUploadProgress) -> Void)?) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        var sent: UInt64 = 0
        while true {
            if Task.isCancelled {
                throw SSHError(.cancelled, endpoint: session.endpoint, context: context, detail: "cancelled")
            }
            let count = try local.read(into: buffer, endpoint: session.endpoint)
            if count == 0 { break }
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { break }
            var offset = 0
            // libssh2 pipelines the chunk and returns what the server acknowledged so far; the
            // next call must continue from there with the same data.
            while offset < count {
                let n = try session.retry(context, deadline: session.deadline()) {
                    libssh2_sftp_write(handle, base + offset, count - offset)
                }
                guard n >= 0 else { throw sftpError(handleSFTP: handle, context: context) }
                offset += n
            }
            sent += UInt64(count)
            progress?(SFTPUploadProgress(bytesSent: sent, totalBytes: local.totalBytes))
        }
    }

    /// fsync@openssh.com, so the data is on disk before the rename makes it visible. Servers
    /// without the extension answer "operation unsupported", which is fine.
    private func sync(_ sftp: OpaquePointer, _ handle: OpaquePointer, context: String) throws {
        let rc = try session.retry(context, deadline: session.deadline()) { libssh2_sftp_fsync(handle) }
        guard rc != 0 else { return }
        let error = sftpError(sftp, context: context, path: "fsync")
        if error.sftpStatus == .opUnsupported || rc == LIBSSH2_ERROR_REQUEST_DENIED { return }
        throw error
    }

    private func setMode(_ sftp: OpaquePointer, _ handle: OpaquePointer, mode: UInt32, path: String, context: String) throws {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
        attributes.permissions = UInt(mode & 0o7777)
        let rc = try session.retry(context, deadline: session.deadline()) { kiln_libssh2_sftp_fsetstat(handle, &attributes) }
        guard rc == 0 else { throw sftpError(sftp, context: context, path: path) }
    }

    private func closeHandle(_ sftp: OpaquePointer, _ handle: OpaquePointer, context: String) throws {
        let rc = try session.retry(context, deadline: session.deadline()) { kiln_libssh2_sftp_close(handle) }
        guard rc == 0 else { throw sftpError(sftp, context: context, path: "closing the temporary file") }
    }

    /// SFTP v3 (what OpenSSH speaks) has no overwriting rename, and libssh2 1.10 cannot send
    /// posix-rename@openssh.com. OpenSSH refuses to rename over an existing file with "failure",
    /// so then we unlink the target and rename again; the window without a target is tiny, and
    /// readers still never see a partial file.
    private func rename(_ sftp: OpaquePointer, from temporary: String, to target: String, context: String) throws {
        func attempt() throws -> Int32 {
            try session.retry(context, deadline: session.deadline()) {
                libssh2_sftp_rename_ex(sftp, temporary, UInt32(temporary.utf8.count), target, UInt32(target.utf8.count), Self.renameFlags)
            }
        }
        if try attempt() == 0 { return }
        let first = sftpError(sftp, context: context, path: target)
        guard first.sftpStatus == .failure || first.sftpStatus == .fileAlreadyExists else { throw first }
        let removed = try session.retry(context, deadline: session.deadline()) { kiln_libssh2_sftp_unlink(sftp, target) }
        if removed != 0 {
            let error = sftpError(sftp, context: context, path: target)
            if error.sftpStatus != .noSuchFile { throw error }
        }
        if try attempt() != 0 { throw sftpError(sftp, context: context, path: target) }
    }

    private func makeDirectories(_ sftp: OpaquePointer, _ directory: String, context: String) throws {
        for prefix in RemotePath.prefixes(directory) {
            if let existing = try statIfExists(sftp, prefix, context: context) {
                guard existing.isDirectory else {
                    throw SSHError(.sftpFailed, endpoint: session.endpoint, context: context,
                                   detail: "\(prefix) exists and is not a directory", sftpStatus: .failure)
                }
                continue
            }
            let rc = try session.retry(context, deadline: session.deadline()) { kiln_libssh2_sftp_mkdir(sftp, prefix, 0o755) }
            if rc != 0 {
                let error = sftpError(sftp, context: context, path: prefix)
                // Someone else may have created it meanwhile.
                if try statIfExists(sftp, prefix, context: context)?.isDirectory != true { throw error }
            }
        }
    }

    private func statIfExists(_ sftp: OpaquePointer, _ path: String, context: String) throws -> SFTPFileAttributes? {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let rc = try session.retry(context, deadline: session.deadline()) { kiln_libssh2_sftp_stat(sftp, path, &attributes) }
        if rc != 0 {
            let error = sftpError(sftp, context: context, path: path)
            if error.sftpStatus == .noSuchFile || error.sftpStatus == .noSuchPath { return nil }
            throw error
        }
        let hasPermissions = attributes.flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0
        let type = attributes.permissions & UInt(LIBSSH2_SFTP_S_IFMT)
        return SFTPFileAttributes(
            size: attributes.flags & UInt(LIBSSH2_SFTP_ATTR_SIZE) != 0 ? attributes.filesize : nil,
            permissions: hasPermissions ? UInt32(attributes.permissions & 0o7777) : nil,
            isDirectory: hasPermissions && type == UInt(LIBSSH2_SFTP_S_IFDIR),
            isRegularFile: hasPermissions && type == UInt(LIBSSH2_SFTP_S_IFREG))
    }

    // MARK: - Errors

    /// The error for a failed SFTP call: the server's status when it sent one, else libssh2's words.
    private func sftpError(_ sftp: OpaquePointer, context: String, path: String) -> SSHError {
        if session.lastErrorCode() == LIBSSH2_ERROR_SFTP_PROTOCOL {
            let status = SFTPStatus(code: libssh2_sftp_last_error(sftp))
            return SSHError(.sftpFailed, endpoint: session.endpoint, context: context, detail: "\(path): \(status.name)",
                            sftpStatus: status)
        }
        return SSHError(.sftpFailed, endpoint: session.endpoint, context: context, detail: "\(path): \(session.lastErrorMessage())")
    }

    private func sftpError(handleSFTP handle: OpaquePointer, context: String) -> SSHError {
        SSHError(.sftpFailed, endpoint: session.endpoint, context: context, detail: "writing: \(session.lastErrorMessage())")
    }
}
