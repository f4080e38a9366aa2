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
        var command: ParsableCommand
        do {
            command = try KilnCommand.parseAsRoot(arguments)
        } catch {
            return argumentParserFailure(error, console: console)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as ExitCode {
            return error.rawValue
        } catch let error where Self.isArgumentParserError(error) {
            return argumentParserFailure(error, console: console)
        } catch {
            // Everything else is kiln's or a provider's error: each says what happened and what
            // to do. Scrubbed, because a provider's text may quote what it was sent.
            console.err("error: \(SecretScrub.scrub(String(describing: error)))")
            if let hinted = error as? any HintedError { console.err("  fix: \(SecretScrub.scrub(hinted.hint))") }
            return ExitCodes.error
        }
    }

    /// Help requests, usage errors and validation failures: the argument parser formats them.
    private static func isArgumentParserError(_ error: any Error) -> Bool {
        error is ValidationError || error is CleanExit || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    private static func argumentParserFailure(_ error: any Error, console: Console) -> Int32 {
        let code = KilnCommand.exitCode(for: error)
        let message = KilnCommand.fullMessage(for: error)
        if !message.isEmpty {
            code == .success ? console.out(message) : console.err(message)
        }
        return code.rawValue
    }
}
