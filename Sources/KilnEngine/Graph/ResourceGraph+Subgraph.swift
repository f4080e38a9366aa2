extension ResourceGraph {
    /// Everything `address` depends on, directly or not (not including itself).
    public func transitiveDependencies(of address: ResourceAddress) -> Set<ResourceAddress> {
        Self.reach(from: [address], along: dependencies)
    }

    /// Everything that depends on `address`, directly or not (not including itself): what a
    /// failure of `address` skips.
    public func transitiveDependents(of address: ResourceAddress) -> Set<ResourceAddress> {
        Self.reach(from: [address], along: dependents)
    }

    /// The graph for `--target`: the targets and everything they depend on, transitively.
    /// Throws `GraphError.unknownTarget` for a target not in the graph.
    public func subgraph(targets: Set<ResourceAddress>) throws(GraphError) -> ResourceGraph {
        for target in targets.sorted() where !contains(target) { throw .unknownTarget(target) }
        let kept = targets.union(Self.reach(from: targets, along: dependencies))
        return restricted(to: kept)
    }

    /// The graph for a targeted destroy: the targets and everything that depends on them,
    /// which must go first. Throws `GraphError.unknownTarget`.
    public func dependentSubgraph(targets: Set<ResourceAddress>) throws(GraphError) -> ResourceGraph {
        for target in targets.sorted() where !contains(target) { throw .unknownTarget(target) }
        let kept = targets.union(Self.reach(from: targets, along: dependents))
        return restricted(to: kept)
    }

    /// Keeps only `kept` and the edges among them (a subset of an acyclic graph stays acyclic).
    func restricted(to kept: Set<ResourceAddress>) -> ResourceGraph {
        var keptDependencies: [ResourceAddress: Set<ResourceAddress>] = [:]
        var keptDependents: [ResourceAddress: Set<ResourceAddress>] = [:]
        for vertex in kept {
            keptDependencies[vertex] = (dependencies[vertex] ?? []).intersection(kept)
            keptDependents[vertex] = (dependents[vertex] ?? []).intersection(kept)
        }
        return ResourceGraph(validated: keptDependencies, gates: gates.intersection(kept), dependents: keptDependents)
    }

    private static func reach(from starts: Set<ResourceAddress>,
                              along edges: [ResourceAddress: Set<ResourceAddress>]) -> Set<ResourceAddress> {
        var seen: Set<ResourceAddress> = []
        var stack = Array(starts)
        while let next = stack.popLast() {
            for neighbour in edges[next] ?? [] where seen.insert(neighbour).inserted {
                stack.append(neighbour)
            }
        }
        return seen
    }
}
