import ArgumentParser
import KilnPlan

/// `kiln validate PLAN…`: checks plan files without touching anything, each alone and, when
/// several are given, together (ClusterMesh members, shared addresses).
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check plan files and report every problem with its file:line:column.",
        discussion: """
            Exits 1 when any plan has an error, 0 otherwise (warnings allowed).
            Plans given together that share `cilium.clusterMesh.name` are also checked as one mesh.

            Examples:
              kiln validate plans/lab.yaml
              kiln validate --summary plans/homelab-main.yaml plans/homelab-gitlab.yaml
            """)

    @Argument(help: "Plan files to validate.")
    var plans: [String]

    @Flag(help: "Also print each valid plan's nodes, addresses and Cilium settings.")
    var summary = false

    @Flag(help: "Print a machine-readable JSON report instead of text.")
    var json = false

    func validate() throws {
        if plans.isEmpty { throw ValidationError("give at least one plan file, e.g. `kiln validate plans/lab.yaml`") }
    }

    func run() async throws {
        let reports = PlanLoader.loadAll(plans)
        if json {
            Console.current.out(try ValidateJSON.render(reports))
        } else {
            for report in reports {
                Console.current.out(ValidateText.render(report, summary: summary))
            }
        }
        if reports.contains(where: { $0.errorCount > 0 }) { throw ExitCode(1) }
    }
}
