/// Why a set of vertices does not form a graph the engine can run.
public enum GraphError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `vertex` depends on `missing`, which is not in the graph.
    case unknownDependency(vertex: ResourceAddress, missing: ResourceAddress)
    /// The dependencies go round: each address depends on the next, and the last is the first again.
    case cycle([ResourceAddress])
    /// Two vertices share an address.
    case duplicateVertex(ResourceAddress)
    /// `--target` named an address that is not in the graph.
    case unknownTarget(ResourceAddress)

    public var description: String {
        switch self {
        case .unknownDependency(let vertex, let missing):
            "\(vertex) depends on \(missing), which is not in the plan"
        case .cycle(let path):
            "dependency cycle: " + path.map(\.description).joined(separator: " → ") + " (each depends on the next)"
        case .duplicateVertex(let address):
            "\(address) appears more than once"
        case .unknownTarget(let address):
            "target \(address) is not in the plan"
        }
    }
}
