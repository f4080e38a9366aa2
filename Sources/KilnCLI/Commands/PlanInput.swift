import ArgumentParser
import KilnPlan

/// Loads the plan a command works on. An invalid plan is reported exactly as `kiln validate`
/// reports it (diagnostics on standard output) and ends the command with status 1; warnings of
/// a valid plan go to standard error so they do not mix with the command's output.
enum PlanInput {
    static func load(_ path: String) throws -> Plan {
        try loadWithSourceMap(path).plan
    }

    /// The plan and where its fields were written (for messages that point into it later).
    static func loadWithSourceMap(_ path: String) throws -> (plan: Plan, sourceMap: SourceMap) {
        let report = PlanLoader.load(path)
        let console = Console.current
        guard let plan = report.plan else {
            console.out(ValidateText.render(report, summary: false))
            throw ExitCode(ExitCodes.error)
        }
        for diagnostic in report.diagnostics {
            console.err(DiagnosticRenderer.render(diagnostic))
        }
        return (plan, report.sourceMap)
    }
}
