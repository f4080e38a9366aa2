import Foundation

extension ResourceGraph {
    /// Graphviz DOT. Arrows point in execution order (dependency → dependent); vertices are
    /// coloured by `actions` when given, gates are hexagons. Vertices and edges are sorted, so
    /// the text only changes when the graph does.
    public func dot(actions: [ResourceAddress: ResourceChange.Action] = [:]) -> String {
        var lines = [
            "digraph kiln {",
            "  rankdir=LR;",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];",
        ]
        for vertex in dependencies.keys.sorted() {
            var attributes = ["label=\(Self.dotQuoted(ActionStyle.label(vertex, actions[vertex])))"]
            if gates.contains(vertex) { attributes.append("shape=hexagon") }
            if let action = actions[vertex] {
                let style = ActionStyle(action)
                attributes.append("fillcolor=\"\(style.fill)\"")
                attributes.append("color=\"\(style.stroke)\"")
            }
            lines.append("  \(Self.dotQuoted(vertex.description)) [\(attributes.joined(separator: ", "))];")
        }
        for (from, to) in sortedEdges() {
            lines.append("  \(Self.dotQuoted(from.description)) -> \(Self.dotQuoted(to.description));")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Edges in execution order (dependency, dependent), sorted.
    func sortedEdges() -> [(ResourceAddress, ResourceAddress)] {
        var edges: [(ResourceAddress, ResourceAddress)] = []
        for (dependent, dependencies) in dependencies {
            for dependency in dependencies { edges.append((dependency, dependent)) }
        }
        return edges.sorted { left, right in
            left.0 != right.0 ? left.0 < right.0 : left.1 < right.1
        }
    }

    private static func dotQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
