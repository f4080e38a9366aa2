import ArgumentParser

/// The `kiln` command: provisions Talos Kubernetes clusters on Proxmox VE from a plan file.
public struct KilnCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Talos Kubernetes clusters on Proxmox VE, from a declarative plan.",
        version: KilnVersion.current,
        subcommands: [ValidateCommand.self]
    )

    public init() {}
}
