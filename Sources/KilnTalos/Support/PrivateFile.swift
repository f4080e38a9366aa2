import Foundation

/// Writes a file that holds secrets: its directory made 0700 if missing, the file created 0600
/// before anything is written, then renamed into place, so nobody sees it wider or half written.
enum PrivateFile {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var detail: String
        var description: String { "cannot write \(path): \(detail)" }
    }

    static func write(_ text: String, to path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw WriteError(path: path, detail: "cannot create \(directory)")
        }
        let temporary = path + ".kiln-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw WriteError(path: path, detail: "cannot create \(temporary)")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, path) == 0 else { throw WriteError(path: path, detail: "rename failed (errno \(errno))") }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error as? WriteError ?? WriteError(path: path, detail: "\(error)")
        }
    }
}
