import ArgumentParser

/// The `kiln` command: provisions Talos Kubernetes clusters on Proxmox VE from a plan file.
public struct KilnCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Talos Kubernetes clusters on Proxmox VE, from a declarative plan.",
        discussion: "Exit status: 0 ok, 1 error, 2 changes (plan --detailed-exitcode), 130 interrupted. See docs/cli.md.",
        version: KilnVersion.current,
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self, GraphCommand.self, StatusCommand.self, StateCommand.self, TalosCommand.self,
                      ForceUnlockCommand.self]
    )

    public init() {}
}
