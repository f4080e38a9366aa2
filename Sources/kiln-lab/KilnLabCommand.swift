import ArgumentParser

@main
struct KilnLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln-lab",
        abstract: "A Proxmox VE look-alike on loopback, for kiln's tests and demos.",
        discussion: """
            kiln-lab up --dir .kiln-lab --detach
            eval "$(kiln-lab env --dir .kiln-lab)"
            kiln-lab down --dir .kiln-lab
            """,
        subcommands: [UpCommand.self, DownCommand.self, EnvCommand.self])
}

/// `--dir`, shared by every command.
struct DirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "Lab directory: world, certificate fingerprint, pid, log.")
    var dir: String?

    /// The directory, defaulting to `.kiln-lab` for commands that need one.
    var resolved: String { dir ?? ".kiln-lab" }
}
