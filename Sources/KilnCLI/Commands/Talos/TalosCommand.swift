import ArgumentParser

/// `kiln talos …`: the Talos side of a cluster, for users who need talosctl or leave kiln.
struct TalosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talos",
        abstract: "Work with a cluster's Talos secrets and machine configs.",
        subcommands: [TalosSecretsCommand.self, TalosConfigCommand.self])
}

struct TalosSecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "The cluster's Talos secrets bundle (its CAs, tokens and keys).",
        subcommands: [TalosSecretsExportCommand.self])
}
