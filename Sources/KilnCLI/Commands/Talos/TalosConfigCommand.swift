import ArgumentParser
import Foundation
import KilnEngine
import KilnPlan
import KilnTalos

/// `kiln talos config PLAN --node NAME`: the machine config kiln gives a node (plan, secrets from
/// state, patches applied), for reading, diffing or applying with talosctl.
struct TalosConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print a node's Talos machine config, or write it to DIR/<node>.yaml (mode 0600).",
        discussion: """
            The config holds the cluster's secrets (CA keys, tokens): keep it like a private key.
            The secrets come from the state, so run `kiln apply` once first.

            Examples:
              kiln talos config plans/lab.yaml --node lab-cp-1 | less
              kiln talos config plans/lab.yaml --node lab-worker-1 --out configs/
            """)

    @Argument(help: "The plan file.")
    var plan: String

    @Option(help: ArgumentHelp("The node, by its name in the plan.", valueName: "name"))
    var node: String

    @Option(help: ArgumentHelp("Write DIR/<node>.yaml (mode 0600; replaced if it exists) instead of printing.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("The node's network link for its address and the VIP.", valueName: "name"))
    var link: String = TalosNodeConfig.defaultLink

    @OptionGroup var state: StateOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.talos")
        let (plan, sourceMap) = try PlanInput.loadWithSourceMap(self.plan)
        guard let node = plan.nodes.first(where: { $0.name == self.node }) else {
            throw TalosConfigCommandError.unknownNode(node, plan: self.plan, nodes: plan.nodes.map(\.name))
        }
        let access = try StateAccess(cluster: plan.name, options: state, logger: logger)
        let noSecrets = TalosConfigCommandError.noSecrets(cluster: plan.name, plan: self.plan)
        guard access.exists else { throw noSecrets }
        guard let record = try await access.open(readOnly: true).record(for: TalosSecretsResources.address),
              let bundleText = TalosSecretsResources.bundleText(of: record) else { throw noSecrets }
        let secrets = try TalosSecretsBundle.decode(yaml: bundleText, source: "the state's \(TalosSecretsResources.address)")
        let text = try TalosNodeConfig.generate(for: node, in: plan, secrets: secrets, link: link, sourceMap: sourceMap)

        let console = Console.current
        guard let out else {
            if console.outIsTerminal {
                console.err("kiln: warning: this config holds the secrets of cluster \(plan.name); redirect it to a file or use --out")
            }
            console.writeOut(text)
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.cannotWrite(path: out, detail: "cannot create the directory")
        }
        let path = URL(fileURLWithPath: out, isDirectory: true).appendingPathComponent("\(node.name).yaml").path
        try SecretFile.write(text, to: path)
        console.err("kiln: wrote the Talos config of node \(node.name) to \(path) (mode 0600): it holds the cluster's secrets")
    }
}

/// Why `kiln talos config` could not produce a config, with what to do.
enum TalosConfigCommandError: Error, Equatable, CustomStringConvertible, HintedError {
    case unknownNode(String, plan: String, nodes: [String])
    case noSecrets(cluster: String, plan: String)

    var description: String {
        switch self {
        case .unknownNode(let name, let plan, let nodes):
            "\(plan) has no node `\(name)`; its nodes: \(nodes.joined(separator: ", "))"
        case .noSecrets(let cluster, _):
            "cluster \(cluster) has no Talos secrets in its state yet"
        }
    }

    var hint: String {
        switch self {
        case .unknownNode(_, _, let nodes):
            "pass one of them to --node, e.g. --node \(nodes.first ?? "NAME")"
        case .noSecrets(_, let plan):
            "run `kiln apply \(plan)` first: it generates (or imports) the secrets and keeps them in state"
        }
    }
}
