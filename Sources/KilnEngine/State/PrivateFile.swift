import Foundation

/// Files that hold credentials next to the state (a cluster's kubeconfig and talosconfig):
/// written like the state itself, atomically and 0600 from the first byte, in a 0700 directory.
public enum PrivateFile {
    /// Throws `StateError.io` naming the path and the failing step.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try DurableFile.ensureDirectory(directory) }
        try DurableFile.replace(path, with: bytes, temporaryPrefix: path + ".tmp-")
    }
}
