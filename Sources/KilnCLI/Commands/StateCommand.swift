import ArgumentParser

/// `kiln state …`: look at and edit what kiln remembers about a cluster.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Inspect or edit a cluster's state (what kiln remembers it built).",
        discussion: """
            The cluster is the plan's `name`; its state is <state-dir>/<name>.json (docs/state.md).

            Examples:
              kiln state list plans/lab.yaml
              kiln state show plans/lab.yaml proxmox_vm.lab-cp-1
              kiln state rm plans/lab.yaml proxmox_vm.lab-cp-1
            """,
        subcommands: [StateListCommand.self, StateShowCommand.self, StateRemoveCommand.self])
}
