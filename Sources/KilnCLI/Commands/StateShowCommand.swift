import ArgumentParser
import KilnEngine

/// `kiln state show PLAN ADDRESS`: one record, sensitive values masked.
struct StateShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one resource's record; sensitive values print as (sensitive value).",
        discussion: "Example:\n  kiln state show plans/lab.yaml talos_secrets.cluster")

    @Argument(help: "The plan file (its `name` is the cluster).")
    var plan: String

    @Argument(help: "The resource address, TYPE.NAME.")
    var address: String

    @OptionGroup var state: StateOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.state")
        let resource = try StateAccess.address(address)
        let cluster = try PlanInput.load(plan).name
        let access = try StateAccess(cluster: cluster, options: state, logger: logger)
        try access.requireState()
        guard let text = try await access.open(readOnly: true).show(resource) else {
            throw CLIError.notInState(address: resource, cluster: cluster, plan: plan)
        }
        Console.current.out(text)
    }
}
