import KilnPlan

/// Where a patch was written: a patch file, or a field of the plan (an inline patch, located
/// with the plan's `SourceMap` when the caller has it). Errors name it so the user knows which
/// of a node's patches failed.
public struct TalosPatchSource: Sendable, Equatable, CustomStringConvertible {
    /// The patch file, or the plan file holding the inline patch.
    public var file: String
    /// The plan field of an inline patch (`talos.patches.all[0]`); nil for a patch file.
    public var field: String?
    /// Where in the plan the inline patch is, when known.
    public var location: SourceLocation?

    public init(file: String, field: String? = nil, location: SourceLocation? = nil) {
        self.file = file
        self.field = field
        self.location = location
    }

    public static func file(_ path: String) -> TalosPatchSource { TalosPatchSource(file: path) }

    /// `plans/lab.yaml:14 (talos.patches.all[0])`, or the patch file's path.
    public var description: String {
        guard let field else { return file }
        return (location?.shortDescription ?? file) + " (\(field))"
    }
}
