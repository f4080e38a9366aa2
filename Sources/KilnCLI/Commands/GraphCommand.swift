import Foundation
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
              kiln plan -out lab.plan plans/lab.yaml && kiln graph lab.plan
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid
    }

    @Argument(help: "The plan file, or a plan saved by `kiln plan -out` (colours resources by action).")
    var plan: String

    @Option(help: "Output format: dot or mermaid.")
    var format: Format = .dot

    @Flag(help: "Print the longest chain of dependent resources instead of the graph.")
    var criticalPath = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = try logging.logger("kiln.graph")
        // A saved plan colours each resource by what it will do.
        let saved = try await SavedPlanInput.load(plan)
        let planPath = saved?.planFile.path ?? plan
        let loaded = try PlanInput.load(planPath)
        let catalog = ResourceCatalog.current
        let resources: [Resource]
        // The graph never opens state; client file paths are shown as in the default state directory.
        let files = ResourceCatalog.ClusterFiles(
            directory: (StatePaths.defaultDirectory as NSString).appendingPathComponent(loaded.name))
        do { resources = try catalog.resources(for: loaded, files: files) } catch {
            throw CLIError.resources(file: planPath, detail: "\(error)")
        }
        logger.debug("resources from the catalog", metadata: ["count": "\(resources.count)"])
        let actions = Dictionary((saved?.changes ?? []).map { ($0.address, $0.action) }, uniquingKeysWith: { first, _ in first })
        Console.current.out(try GraphText.render(resources, plan: planPath, format: format, criticalPath: criticalPath,
                                                 actions: actions, expectedDurations: catalog.expectedDurations,
                                                 destroy: saved?.options.mode == .destroy))
    }
}

/// The text `kiln graph` prints, apart from the command so it reads (and tests) as a function.
enum GraphText {
    static func render(_ resources: [Resource], plan: String, format: GraphCommand.Format, criticalPath: Bool,
                       actions: [ResourceAddress: ResourceChange.Action] = [:],
                       expectedDurations: [String: Duration] = [:], destroy: Bool = false) throws -> String {
        guard !resources.isEmpty else {
            return "\(plan): no resources yet — this kiln has no providers for Proxmox or Talos; they come with the next issues."
        }
        // A destroy runs dependents first: its arrows point the other way.
        let graph = destroy ? try ResourceGraph(resources: resources).reversed() : try ResourceGraph(resources: resources)
        if criticalPath { return self.criticalPath(graph, expectedDurations: expectedDurations) }
        let text = switch format {
        case .dot: graph.dot(actions: actions)
        case .mermaid: graph.mermaid(actions: actions)
        }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// The longest chain of dependencies, weighted by each type's expected duration from the
    /// catalog; a type without one counts as one step, so with none at all this is the least
    /// number of rounds any parallelism needs.
    static func criticalPath(_ graph: ResourceGraph, expectedDurations: [String: Duration] = [:]) -> String {
        let unit = Duration.seconds(1)
        let durations = Dictionary(uniqueKeysWithValues: graph.vertices.map { ($0, expectedDurations[$0.type] ?? unit) })
        let path = graph.criticalPath(durations: durations)
        let steps = path.vertices.count
        let weighting = expectedDurations.isEmpty
            ? "(each resource counts as one step; resources have no expected durations yet)"
            : "(expected \(ElapsedTime.text(path.length)) from the providers' expected durations)"
        var lines = ["Critical path: \(steps) step\(steps == 1 ? "" : "s") of \(graph.count) \(weighting)"]
        let width = String(steps).count
        for (index, vertex) in path.vertices.enumerated() {
            let number = String(index + 1)
            lines.append("  " + String(repeating: " ", count: width - number.count) + number + ". " + vertex.description
                         + (graph.gates.contains(vertex) ? " (gate)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
