import Foundation

/// Writes a file that holds secrets: created 0600 before anything is written, then renamed into
/// place, so no reader ever sees it with wider permissions or half written.
enum SecretFile {
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".kiln-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CLIError.cannotWrite(path: path, detail: "cannot create \(temporary)")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError.cannotWrite(path: path, detail: "\(error)")
        }
    }
}
