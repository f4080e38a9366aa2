/// One place where a machine config breaks the Talos schema of its version.
public struct TalosSchemaViolation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Position of the document in the config, from 0 (empty documents count).
    public var documentIndex: Int
    /// The document's `kind`, or `v1alpha1` for the v1alpha1 document (the one without a kind).
    public var documentKind: String
    /// JSON pointer inside the document (`/machine/install/disk`); "" is the document itself.
    public var path: String
    /// What is wrong, e.g. "additional property `foo` is not allowed", "expected string, got integer".
    public var reason: String

    public init(documentIndex: Int, documentKind: String, path: String, reason: String) {
        self.documentIndex = documentIndex
        self.documentKind = documentKind
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "document \(documentIndex) (\(documentKind)) \(path.isEmpty ? "/" : path): \(reason)"
    }
}
