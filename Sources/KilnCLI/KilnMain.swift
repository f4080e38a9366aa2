import ArgumentParser
import Foundation
import KilnResources

/// The process entry point: parses the arguments, runs the command, renders any error and
/// returns the exit code. Kept apart from `main.swift` so tests can drive the CLI in-process.
public enum KilnMain {
    /// Runs `kiln` with `arguments`. `catalog` decides which resources plans turn into: the
    /// shipped binary uses the standard one; tests pass catalogs with test providers.
    public static func run(_ arguments: [String], catalog: ResourceCatalog = .standard) async -> Int32 {
        await ResourceCatalog.$current.withValue(catalog) { await runCommand(arguments) }
    }

    private static func runCommand(_ arguments: [String]) async -> Int32 {
        do {
            var command = try KilnCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let code = KilnCommand.exitCode(for: error)
            let message = KilnCommand.fullMessage(for: error)
            if !message.isEmpty {
                let stream = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                stream.write(Data((message + "\n").utf8))
            }
            return code.rawValue
        }
    }
}
