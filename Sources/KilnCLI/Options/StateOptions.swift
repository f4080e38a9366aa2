import ArgumentParser
import KilnEngine

/// Where state lives and how to open it, shared by every command that reads or writes state.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Directory holding the state files.", valueName: "dir"))
    var stateDirectory: String = ".kiln"

    @Option(name: .customLong("state-key-file"),
            help: ArgumentHelp("File holding the state key (default: KILN_STATE_KEY, else ~/.config/kiln/state.key).",
                               valueName: "file"))
    var stateKeyFile: String?

    @Option(name: .customLong("lock-timeout"),
            help: ArgumentHelp("How long to wait for the state lock, e.g. 30s or 2m (default 0: fail at once).",
                               valueName: "duration"))
    var lockTimeoutText: String = "0"

    /// The parsed `--lock-timeout`; the parse error names the value and the accepted forms.
    func lockTimeout() throws -> Duration { try DurationParser.parse(lockTimeoutText) }

    func validate() throws {
        do { _ = try lockTimeout() } catch { throw ValidationError("--lock-timeout: \(error)") }
    }

    func paths(cluster: String) throws -> StatePaths {
        try StatePaths(directory: stateDirectory, cluster: cluster)
    }
}
