import Foundation

extension ResourceGraph {
    /// A Mermaid flowchart (renders in GitHub markdown). Arrows point in execution order;
    /// vertices are coloured by `actions` when given, gates are hexagons. Node ids are
    /// positional (`n0`, `n1`…, by sorted address) because addresses may hold characters
    /// Mermaid ids cannot.
    public func mermaid(actions: [ResourceAddress: ResourceChange.Action] = [:]) -> String {
        let sorted = dependencies.keys.sorted()
        var ids: [ResourceAddress: String] = [:]
        for (index, vertex) in sorted.enumerated() { ids[vertex] = "n\(index)" }

        var lines = ["flowchart LR"]
        for vertex in sorted {
            let label = "\"" + Self.mermaidEscaped(ActionStyle.label(vertex, actions[vertex])) + "\""
            let shape = gates.contains(vertex) ? "{{\(label)}}" : "[\(label)]"
            let className = actions[vertex].map { ":::" + ActionStyle($0).className } ?? ""
            lines.append("  \(ids[vertex] ?? "")\(shape)\(className)")
        }
        for (from, to) in sortedEdges() {
            lines.append("  \(ids[from] ?? "") --> \(ids[to] ?? "")")
        }
        let used = Set(actions.filter { contains($0.key) }.values)
        for action in ActionStyle.allActions where used.contains(action) {
            let style = ActionStyle(action)
            lines.append("  classDef \(style.className) fill:\(style.fill),stroke:\(style.stroke)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func mermaidEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;")
    }
}
