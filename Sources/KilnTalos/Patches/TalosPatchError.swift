import KilnEngine
import KilnPlan

/// A patch that cannot be read or does not apply. Names the patch's source, the failing
/// operation (index and path, for RFC 6902 patches), the reason and what to do, never a value
/// from the config (configs carry the cluster's secrets).
public struct TalosPatchError: Error, Equatable, Sendable, CustomStringConvertible, HintedError {
    public enum Kind: String, Sendable, Equatable {
        /// The text is not YAML/JSON, or not a shape Talos reads as a patch.
        case unreadable
        /// The patch is well formed but does not fit the config.
        case doesNotApply
    }

    public var source: TalosPatchSource
    public var kind: Kind
    /// The 0-based index of the failing RFC 6902 operation; nil for strategic merge patches.
    public var operation: Int?
    /// The JSON pointer (RFC 6902) or document/key path (strategic merge) involved.
    public var path: String?
    public var reason: String
    public var hint: String

    public init(source: TalosPatchSource, kind: Kind = .doesNotApply, operation: Int? = nil, path: String? = nil,
                reason: String, hint: String) {
        self.source = source
        self.kind = kind
        self.operation = operation
        self.path = path
        self.reason = reason
        self.hint = hint
    }

    public var description: String {
        var text = "patch \(source)"
        if let operation { text += ", operation \(operation)" }
        if let path { text += " at `\(path)`" }
        text += kind == .unreadable ? " cannot be read: " : " does not apply: "
        return text + reason
    }

    /// The error as a plan diagnostic, at the inline patch's place in the plan (or the patch
    /// file), for `DiagnosticRenderer`.
    public var diagnostic: Diagnostic {
        var message = source.field.map { "patch `\($0)`" } ?? "patch"
        if let operation { message += ", operation \(operation)" }
        if let path { message += " at `\(path)`" }
        message += (kind == .unreadable ? " cannot be read: " : " does not apply: ") + reason
        return Diagnostic(.error, at: source.location ?? .wholeFile(source.file), message, fix: hint)
    }
}
