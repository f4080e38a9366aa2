import ArgumentParser
import KilnEngine
import KilnResources

/// `kiln graph PLAN`: the plan's resource graph as Graphviz DOT or Mermaid, or its critical path.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the plan's resource graph (DOT or Mermaid), or its critical path.",
        discussion: """
            Arrows point in execution order (a dependency → what waits for it); readiness gates are hexagons.

            Examples:
              kiln graph plans/lab.yaml | dot -Tsvg > lab.svg
              kiln graph --format mermaid plans/lab.yaml
              kiln graph --critical-path plans/lab.yaml
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid
    }

    @Argument(help: "The plan file.")
    var plan: String

    @Option(help: "Output format: dot or mermaid.")
    var format: Format = .dot

    @Flag(help: "Print the longest chain of dependent resources instead of the graph.")
    var criticalPath = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.graph")
        let loaded = try PlanInput.load(plan)
        let resources: [Resource]
        do { resources = try ResourceCatalog.current.resources(for: loaded) } catch {
            throw CLIError.resources(file: plan, detail: "\(error)")
        }
        logger.debug("resources from the catalog", metadata: ["count": "\(resources.count)"])
        Console.current.out(try GraphText.render(resources, plan: plan, format: format, criticalPath: criticalPath))
    }
}

/// The text `kiln graph` prints, apart from the command so it reads (and tests) as a function.
enum GraphText {
    static func render(_ resources: [Resource], plan: String, format: GraphCommand.Format, criticalPath: Bool) throws -> String {
        guard !resources.isEmpty else {
            return "\(plan): no resources yet — this kiln has no providers for Proxmox or Talos; they come with the next issues."
        }
        let graph = try ResourceGraph(resources: resources)
        if criticalPath { return self.criticalPath(graph) }
        let text = switch format {
        case .dot: graph.dot()
        case .mermaid: graph.mermaid()
        }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// Each resource counts as one step: resources carry no expected durations yet, so the
    /// critical path is the longest chain of dependencies (the least number of rounds any
    /// parallelism needs).
    static func criticalPath(_ graph: ResourceGraph) -> String {
        let unit = Duration.seconds(1)
        let durations = Dictionary(uniqueKeysWithValues: graph.vertices.map { ($0, unit) })
        let path = graph.criticalPath(durations: durations)
        let steps = path.vertices.count
        var lines = ["Critical path: \(steps) step\(steps == 1 ? "" : "s") of \(graph.count) "
                     + "(each resource counts as one step; resources have no expected durations yet)"]
        let width = String(steps).count
        for (index, vertex) in path.vertices.enumerated() {
            let number = String(index + 1)
            lines.append("  " + String(repeating: " ", count: width - number.count) + number + ". " + vertex.description
                         + (graph.gates.contains(vertex) ? " (gate)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
