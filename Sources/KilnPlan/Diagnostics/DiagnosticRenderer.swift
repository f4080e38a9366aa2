/// Renders diagnostics in the compiler-style text format users and editors know:
///
///     plan.yaml:12:9: error: VIP 192.168.2.20 is outside the node subnet 192.168.1.0/24
///       fix: pick a free address inside 192.168.1.0/24
public enum DiagnosticRenderer {
    public static func render(_ diagnostic: Diagnostic) -> String {
        var text = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        if let fix = diagnostic.fix { text += "\n  fix: \(fix)" }
        return text
    }

    /// "3 errors, 1 warning" (the counts a summary line carries).
    public static func counts(errors: Int, warnings: Int) -> String {
        var parts = ["\(errors) \(errors == 1 ? "error" : "errors")"]
        if warnings > 0 { parts.append("\(warnings) \(warnings == 1 ? "warning" : "warnings")") }
        return parts.joined(separator: ", ")
    }
}
