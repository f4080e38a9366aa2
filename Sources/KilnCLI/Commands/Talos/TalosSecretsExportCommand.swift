import ArgumentParser
import Foundation
import KilnEngine
import KilnTalos

/// `kiln talos secrets export PLAN`: writes the bundle kiln holds as the `secrets.yaml` talosctl
/// reads (`talosctl gen config --with-secrets`), mode 0600.
struct TalosSecretsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the cluster's Talos secrets as secrets.yaml (mode 0600), in talosctl's format.",
        discussion: """
            The file holds the cluster's whole identity: keep it like a private key.

            Example:
              kiln talos secrets export plans/lab.yaml --out lab-secrets.yaml
            """)

    @Argument(help: "The plan file (its `name` is the cluster).")
    var plan: String

    @Option(help: ArgumentHelp("Where to write it.", valueName: "file"))
    var out: String = "secrets.yaml"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    @OptionGroup var state: StateOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.talos")
        let cluster = try PlanInput.load(plan).name
        let access = try StateAccess(cluster: cluster, options: state, logger: logger)
        try access.requireState()
        let address = TalosSecretsResources.address
        guard let record = try await access.open(readOnly: true).record(for: address),
              let text = TalosSecretsResources.bundleText(of: record) else {
            throw CLIError.notInState(address: address, cluster: cluster, plan: plan)
        }
        if FileManager.default.fileExists(atPath: out) && !force {
            throw CLIError.wouldOverwrite(path: out)
        }
        try SecretFile.write(text, to: out)
        Console.current.err("kiln: wrote the Talos secrets of cluster \(cluster) to \(out) (mode 0600): it holds the cluster's whole identity")
    }
}
