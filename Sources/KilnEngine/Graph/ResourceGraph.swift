/// The dependency graph of one run: which vertex needs which others done first. Generic: it
/// knows addresses and edges, nothing about what the vertices do. Always acyclic, and every
/// dependency is a vertex: the initialisers check both.
public struct ResourceGraph: Hashable, Sendable {
    /// Every vertex and the vertices it depends on.
    public let dependencies: [ResourceAddress: Set<ResourceAddress>]
    /// Vertices that are readiness gates (drawn differently).
    public let gates: Set<ResourceAddress>
    /// The reverse edges: who depends on each vertex.
    public let dependents: [ResourceAddress: Set<ResourceAddress>]

    /// Builds the graph from vertices and their dependencies.
    /// Throws `GraphError.unknownDependency` or `GraphError.cycle`.
    public init(dependencies: [ResourceAddress: Set<ResourceAddress>], gates: Set<ResourceAddress> = []) throws(GraphError) {
        var dependents: [ResourceAddress: Set<ResourceAddress>] = [:]
        for vertex in dependencies.keys { dependents[vertex] = [] }
        // Sorted so the error for a plan with several bad references is always the same one.
        for vertex in dependencies.keys.sorted() {
            for dependency in (dependencies[vertex] ?? []).sorted() {
                guard dependencies[dependency] != nil else {
                    throw .unknownDependency(vertex: vertex, missing: dependency)
                }
                dependents[dependency, default: []].insert(vertex)
            }
        }
        self.dependencies = dependencies
        self.gates = gates.intersection(dependencies.keys)
        self.dependents = dependents
        if let cycle = Self.findCycle(in: dependencies) { throw .cycle(cycle) }
    }

    /// Builds the graph of a plan's resources. Throws on duplicate addresses, unknown
    /// dependencies and cycles.
    public init(resources: [Resource]) throws(GraphError) {
        var dependencies: [ResourceAddress: Set<ResourceAddress>] = [:]
        for resource in resources {
            guard dependencies[resource.address] == nil else { throw .duplicateVertex(resource.address) }
            dependencies[resource.address] = resource.dependencies
        }
        try self.init(dependencies: dependencies, gates: Set(resources.filter(\.isGate).map(\.address)))
    }

    public var vertices: Set<ResourceAddress> { Set(dependencies.keys) }
    public var count: Int { dependencies.count }

    public func contains(_ address: ResourceAddress) -> Bool { dependencies[address] != nil }
}
