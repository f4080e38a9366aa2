import Foundation
import KilnLab
import KilnTestSupport

/// The Talos schemas and golden configs, read in place from `../shared/ref` (PROVENANCE.md).
enum TalosSchemaFixtures {
    /// Loaded once for all suites: parsing three schemas is the slow part.
    static let loaded = Result { () throws(TalosSchemaError) -> TalosConfigSchemaSet in
        try TalosConfigSchemaSet(directory: SharedReference.refDirectory)
    }

    static func schemas() throws -> TalosConfigSchemaSet { try loaded.get() }

    /// Golden folder → a Talos version whose schema applies to it.
    static let goldenVersions: [(folder: String, talos: String)] = [
        ("v1.12", "v1.12.0"), ("v1.13", "v1.13.9"), ("v1.14.0-rc.1", "v1.14.0-rc.1"),
    ]

    static func golden(_ path: String) throws -> Data {
        try Data(contentsOf: SharedReference.ref("talos-golden/" + path))
    }

    static func violations(_ yaml: String, talos: String) throws -> [TalosSchemaViolation] {
        try schemas().violations(in: Data(yaml.utf8), talosVersion: talos)
    }

    /// The one mismatch inside Talos v1.14.0-rc.1 (PROVENANCE.md): its schema spells the
    /// `UnattendedInstallConfig` document's kind `UnattendedInstall`.
    static func rcUnattendedInstallMismatch(documentIndex: Int) -> TalosSchemaViolation {
        TalosSchemaViolation(documentIndex: documentIndex, documentKind: "UnattendedInstallConfig", path: "/kind",
                             reason: "`UnattendedInstallConfig` is not one of: UnattendedInstall")
    }

    /// Index of the first document of `kind` in a multi-document config.
    static func documentIndex(ofKind kind: String, in yaml: String) -> Int? {
        let documents = yaml.components(separatedBy: "\n---\n")
        return documents.firstIndex { $0.contains("\nkind: \(kind)\n") || $0.hasPrefix("kind: \(kind)\n") }
    }
}
