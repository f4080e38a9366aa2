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

    func paths(cluster: String) throws -> StatePaths {
        try StatePaths(directory: stateDirectory, cluster: cluster)
    }
}
