import ArgumentParser
import Foundation

/// `kiln state list PLAN`: every address in the cluster's state, one a line.
struct StateListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the resources in a cluster's state.",
        discussion: "Example:\n  kiln state list plans/lab.yaml")

    @Argument(help: "The plan file (its `name` is the cluster).")
    var plan: String

    @Flag(help: "Print a JSON object {\"cluster\",\"state\",\"resources\":[addresses]} instead of text.")
    var json = false

    @OptionGroup var state: StateOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.state")
        let cluster = try PlanInput.load(plan).name
        let access = try StateAccess(cluster: cluster, options: state, logger: logger)
        let console = Console.current
        guard access.exists else {
            if json { console.out(try JSONOutput.encode(Listing(cluster: cluster, state: access.paths.stateFile, exists: false, resources: []))) }
            else { console.out(access.noStateMessage) }
            return
        }
        let addresses = try await access.open(readOnly: true).list().map(\.description)
        if json {
            console.out(try JSONOutput.encode(Listing(cluster: cluster, state: access.paths.stateFile, exists: true, resources: addresses)))
        } else if addresses.isEmpty {
            console.out("the state of cluster \(cluster) (\(access.paths.stateFile)) holds no resources")
        } else {
            console.out(addresses.joined(separator: "\n"))
        }
    }

    struct Listing: Encodable {
        let version = 1
        let cluster: String
        let state: String
        let exists: Bool
        let resources: [String]
    }
}
