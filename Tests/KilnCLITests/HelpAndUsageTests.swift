import Foundation
import KilnTestSupport
import Testing

/// The argument parser's own answers: help, version, usage errors.
@Suite struct HelpAndUsageTests {
    func kiln(_ arguments: [String]) throws -> CommandResult {
        try ProcessRunner.run(try KilnBinary.path(), arguments, currentDirectory: SharedReference.packageRoot.path)
    }

    @Test func helpListsTheCommandsAndSucceeds() throws {
        let help = try kiln(["--help"])
        #expect(help.status == 0, "\(help.combined)")
        for command in ["validate", "plan", "apply", "destroy", "graph", "status", "state", "force-unlock"] {
            #expect(help.stdout.contains("  \(command) "), "\(command) missing from:\n\(help.stdout)")
        }
        #expect(!help.combined.contains("CommandError"))
    }

    @Test func versionPrintsTheVersion() throws {
        let version = try kiln(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("0."), "\(version.combined)")
    }

    @Test func anUnknownCommandIsAUsageError() throws {
        let result = try kiln(["nosuch"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("nosuch"))
    }
}
