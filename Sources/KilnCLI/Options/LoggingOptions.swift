import ArgumentParser
import Foundation
import Logging

/// `--log-level`, defaulting to `KILN_LOG`, then `warning`. Logs go to standard error.
struct LoggingOptions: ParsableArguments {
    static let environmentVariable = "KILN_LOG"
    static let levels = ["trace", "debug", "info", "notice", "warning", "error"]

    @Option(name: .customLong("log-level"),
            help: ArgumentHelp("Log detail on stderr: trace, debug, info, notice, warning or error (default: $KILN_LOG, else warning).",
                               valueName: "level"))
    var logLevel: String?

    func validate() throws {
        if let logLevel, Self.level(named: logLevel) == nil {
            throw ValidationError("--log-level: `\(logLevel)` is not one of \(Self.levels.joined(separator: ", "))")
        }
    }

    /// The level to log at; throws when `KILN_LOG` holds something that is not a level.
    func resolvedLevel(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Logger.Level {
        if let logLevel, let level = Self.level(named: logLevel) { return level }
        guard let text = environment[Self.environmentVariable], !text.isEmpty else { return .warning }
        guard let level = Self.level(named: text) else {
            throw CLIError.invalidEnvironment(variable: Self.environmentVariable,
                                              detail: "`\(text)` is not a log level; use one of \(Self.levels.joined(separator: ", "))")
        }
        return level
    }

    /// Sets up logging for this invocation and returns a logger labelled `label`.
    func logger(_ label: String) throws -> Logger {
        KilnLogging.bootstrap()
        let level = try resolvedLevel()
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    static func level(named name: String) -> Logger.Level? {
        guard levels.contains(name.lowercased()) else { return nil }
        return Logger.Level(rawValue: name.lowercased())
    }
}
