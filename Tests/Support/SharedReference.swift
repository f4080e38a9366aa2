import Foundation
import Testing

/// The project's reference data (`../shared/ref`: official Proxmox API schema, Talos schemas and
/// golden outputs, Cilium chart values). It lives beside the checkout, never inside it, so a plain
/// clone has none: tests that need it are skipped with `SharedReference.skipReason` as the comment.
public enum SharedReference {
    /// `KILN_SHARED_DIR` when set, else `../shared` next to the package root.
    public static let sharedDirectory: URL = {
        if let override = ProcessInfo.processInfo.environment["KILN_SHARED_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }()

    public static var refDirectory: URL { sharedDirectory.appendingPathComponent("ref", isDirectory: true) }
    public static var notesDirectory: URL { sharedDirectory.appendingPathComponent("notes", isDirectory: true) }

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: refDirectory.appendingPathComponent("PROVENANCE.md").path)
    }

    public static let skipReason = Comment(rawValue:
        "reference data not found at \(refDirectory.path) (set KILN_SHARED_DIR or check out ../shared beside the project): test skipped")

    /// A file under `ref/`, e.g. `talos-golden/secrets.yaml`.
    public static func ref(_ relativePath: String) -> URL {
        refDirectory.appendingPathComponent(relativePath)
    }

    /// The package root, found from this source file's location (Tests/Support/…).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
