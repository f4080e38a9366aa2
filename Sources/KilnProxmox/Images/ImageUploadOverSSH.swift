import KilnSSH

/// The image file on a Proxmox node, over SFTP: for a PVE older than 8.4, which has no `import`
/// content type to download into, kiln puts the file in a directory of its own
/// (`/var/tmp/kiln` by default) and `qm disk import` reads it from there.
struct ImageUploadOverSSH: Sendable {
    let ssh: ProxmoxNodeSSH

    /// Uploads `localPath` to `remotePath` on `node` unless a file of the same size is there
    /// already (KilnSSH renames a complete upload into place, so a file at the path is whole).
    func upload(_ localPath: String, size: UInt64, to remotePath: String, node: String,
                progress: @escaping @Sendable (SFTPUploadProgress) -> Void) async throws {
        try await ssh.withSession(to: node) { session in
            if let present = try await Self.size(of: remotePath, session), present == size { return }
            try await session.upload(.file(path: localPath), to: remotePath, mode: 0o644,
                                     createParentDirectories: true, progress: progress)
        }
    }

    /// Which of `paths` are regular files on `node` (one session for all).
    func existing(_ paths: [String], node: String) async throws -> Set<String> {
        try await ssh.withSession(to: node) { session in
            var found: Set<String> = []
            for path in paths where try await Self.size(of: path, session) != nil { found.insert(path) }
            return found
        }
    }

    /// Removes `remotePath` on `node`; a file already gone is fine.
    func remove(_ remotePath: String, node: String) async throws {
        try await ssh.withSession(to: node) { session in
            _ = try await session.exec("rm -f -- \(ShellQuote.quote(remotePath))").checked()
        }
    }

    /// The size of a regular file at `path`, nil when there is none.
    private static func size(of path: String, _ session: SSHClient) async throws -> UInt64? {
        do {
            let attributes = try await session.stat(path)
            return attributes.isRegularFile ? attributes.size ?? 0 : nil
        } catch let error as SSHError where error.sftpStatus == .noSuchFile || error.sftpStatus == .noSuchPath {
            return nil
        }
    }
}
