import Foundation
import KilnCLI
import KilnResources
import KilnTestSupport

/// Runs `kiln`: the real binary (as users do) or in-process with a test catalog.
enum Kiln {
    static let root = SharedReference.packageRoot.path
    static let labPlan = SharedReference.packageRoot.appendingPathComponent("plans/lab.yaml").path

    /// The binary, with `environment` on top of a minimal one (HOME pointed at `home` so no test
    /// ever creates a key file in the real home directory).
    static func binary(_ arguments: [String], home: String, environment: [String: String] = [:],
                       in directory: String = root) throws -> CommandResult {
        var env = ["PATH": "/usr/bin:/bin", "HOME": home]
        env.merge(environment) { $1 }
        return try ProcessRunner.run(try KilnBinary.path(), arguments, currentDirectory: directory, environment: env)
    }

    /// In-process, with `catalog`; returns the status and what was printed.
    static func inProcess(_ arguments: [String], catalog: ResourceCatalog) async -> InProcessResult {
        let captured = CapturedConsole()
        let status = await KilnMain.run(arguments, catalog: catalog, console: captured.console())
        return InProcessResult(status: status, stdout: captured.stdout, stderr: captured.stderr)
    }

    struct InProcessResult {
        let status: Int32
        let stdout: String
        let stderr: String
    }
}
