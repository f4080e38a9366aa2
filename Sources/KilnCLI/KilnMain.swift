import ArgumentParser
import Foundation
import KilnEngine
import KilnResources

/// The process entry point: parses the arguments, runs the command, renders any error and
/// returns the exit code. Kept apart from `main.swift` so tests can drive the CLI in-process.
public enum KilnMain {
    /// Runs `kiln` with `arguments`. `catalog` decides which resources plans turn into: the
    /// shipped binary uses the standard one; tests pass catalogs with test providers, and a
    /// `CapturedConsole`'s console to read what was printed.
    public static func run(_ arguments: [String], catalog: ResourceCatalog = .standard,
                           console: Console = .standard) async -> Int32 {
        await ResourceCatalog.$current.withValue(catalog) {
            await Console.$current.withValue(console) { await runCommand(arguments) }
        }
    }

    private static func runCommand(_ arguments: [String]) async -> Int32 {
        let console = Console.current
        do {
            var command = try KilnCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error where ErrorText.isKilnError(error) {
            console.err("error: \(error)")
            return ExitCodes.error
        } catch {
            let code = KilnCommand.exitCode(for: error)
            let message = KilnCommand.fullMessage(for: error)
            if !message.isEmpty {
                code == .success ? console.out(message) : console.err(message)
            }
            return code.rawValue
        }
    }
}

/// Errors kiln describes itself (each says what happened and what to do), printed as
/// `error: <description>` rather than through the argument parser.
enum ErrorText {
    static func isKilnError(_ error: any Error) -> Bool {
        error is CLIError || error is StateError || error is StateKeyError || error is LockError
            || error is GraphError || error is DurationParseError
    }
}
