import KilnEngine

/// Writes a file that holds secrets (an exported bundle, a node's config, a merged kubeconfig)
/// the way state files are written: atomically, 0600 from the first byte.
enum SecretFile {
    static func write(_ text: String, to path: String) throws {
        do {
            try PrivateFile.write(Array(text.utf8), to: path)
        } catch {
            throw CLIError.cannotWrite(path: path, detail: "\(error)")
        }
    }
}
