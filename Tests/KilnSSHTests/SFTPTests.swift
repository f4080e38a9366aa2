import Foundation
import KilnSSH
import KilnTestSupport
import Synchronization
import Testing

@Suite("SFTP upload against a real sshd")
struct SFTPTests {
    /// The server runs on this machine, so the "remote" directory is a local one we can inspect.
    @Test("a multi-MB file arrives intact with mode 0640, progress is reported, no temp file is left")
    func uploadLargeFile() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let local = server.directory.file("disk.raw")
        let size = 9 * 1024 * 1024 + 123
        var bytes = [UInt8](repeating: 0, count: size)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2654435761 >> 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: local))

        let remoteDirectory = server.directory.file("remote")
        try FileManager.default.createDirectory(atPath: remoteDirectory, withIntermediateDirectories: true)
        let target = remoteDirectory + "/talos-nocloud-amd64.raw"
        let reports = Mutex<[SFTPUploadProgress]>([])
        try await client.upload(.file(path: local), to: target, mode: 0o640) { progress in
            reports.withLock { $0.append(progress) }
        }

        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data(bytes))
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        let remote = try await client.stat(target)
        #expect(remote.size == UInt64(size))
        #expect(remote.permissions == 0o640)
        #expect(remote.isRegularFile)
        // Read back over SSH as well.
        let sum = try await client.exec("sha256sum \(target)").stdoutText
        let localSum = try ProcessRunner.check("/usr/bin/sha256sum", [local]).stdout
        #expect(sum.prefix(64) == localSum.prefix(64))

        #expect(try FileManager.default.contentsOfDirectory(atPath: remoteDirectory) == ["talos-nocloud-amd64.raw"])
        let seen = reports.withLock { $0 }
        #expect(seen.count > 2)
        #expect(seen.last == SFTPUploadProgress(bytesSent: UInt64(size), totalBytes: UInt64(size)))
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.bytesSent < $1.bytesSent })
    }

    @Test("uploading over an existing file replaces it (and its mode)")
    func replaceExisting() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let target = server.directory.file("snippet.yaml")
        try server.directory.write("snippet.yaml", "old contents\n", mode: 0o644)
        try await client.upload(.bytes(Array("new: true\n".utf8)), to: target, mode: 0o600)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new: true\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.directory.path).allSatisfy { !$0.contains("kiln-upload") })
    }

    @Test("a missing directory is a clear error; createParentDirectories makes it")
    func missingDirectory() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let target = server.directory.file("snippets/nested/user-data.yaml")
        let error = await expectSSHError(.sftpFailed) {
            try await client.upload(.bytes(Array("x".utf8)), to: target)
        }
        #expect(error?.sftpStatus == .noSuchFile)
        #expect(error?.description.contains("the directory \(server.directory.path)/snippets/nested does not exist (no such file)") == true,
                "\(error.map(String.init(describing:)) ?? "")")
        #expect(error?.description.contains("createParentDirectories") == true)

        // The session is still fine, and creating parents works.
        try await client.upload(.bytes(Array("x".utf8)), to: target, mode: 0o640, createParentDirectories: true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "x")
        let directory = try await client.stat(server.directory.file("snippets/nested"))
        #expect(directory.isDirectory)
    }

    @Test("a cancelled upload leaves neither the target nor a temp file, and the session carries on")
    func cancelledUpload() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let local = server.directory.file("big.raw")
        try Data(count: 32 << 20).write(to: URL(fileURLWithPath: local))
        let remoteDirectory = server.directory.file("remote")
        try FileManager.default.createDirectory(atPath: remoteDirectory, withIntermediateDirectories: true)
        let target = remoteDirectory + "/big.raw"
        let error = await expectSSHError(.cancelled) {
            // The callback runs inside the uploading task: cancel that task once the first chunk
            // is sent (a separate task, so this test's own task stays uncancelled).
            let upload = Task {
                try await client.upload(.file(path: local), to: target) { progress in
                    if progress.bytesSent > 0 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }
            try await upload.value
        }
        #expect(error?.description.contains("uploading to \(target)") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: remoteDirectory).isEmpty)
        try await client.upload(.bytes([42]), to: target)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data([42]))
    }

    @Test("a missing local file is reported as a local error before touching the server")
    func missingLocalFile() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let error = await expectSSHError(.localFileFailed) {
            try await client.upload(.file(path: "/nonexistent/disk.raw"), to: server.directory.file("x"))
        }
        #expect(error?.description.contains("No such file or directory") == true)
    }

    @Test("permission denied carries the SFTP status name")
    func permissionDenied() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        // /proc/1 refuses new files even for root.
        let error = await expectSSHError(.sftpFailed) {
            try await client.upload(.bytes([1]), to: "/proc/1/kiln-test")
        }
        #expect(error?.sftpStatus != nil)
        #expect(error?.description.contains("/proc/1") == true)
    }
}
