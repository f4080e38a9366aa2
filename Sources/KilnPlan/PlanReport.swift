/// The outcome of loading and validating one plan file.
public struct PlanReport: Sendable {
    /// The plan file as given (what diagnostics print).
    public let file: String
    /// The plan, only when it has no errors (warnings allowed).
    public let plan: Plan?
    /// Every problem found, sorted by position (plan file first, then patch files).
    public let diagnostics: [Diagnostic]
    /// Where each field of the plan was written, for messages that point into the plan later.
    public let sourceMap: SourceMap

    public var isValid: Bool { plan != nil }
    public var errorCount: Int { diagnostics.errorCount }
    public var warningCount: Int { diagnostics.warningCount }
}
