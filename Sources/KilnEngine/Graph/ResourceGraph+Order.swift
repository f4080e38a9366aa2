extension ResourceGraph {
    /// Every vertex after all its dependencies; among vertices ready at the same time, the
    /// smallest address first, so plans and logs list them the same way every run.
    public func topologicalOrder() -> [ResourceAddress] {
        Self.kahnOrder(edges: dependencies, reverse: dependents)
    }

    /// The order a destroy runs in: every vertex before the vertices it depends on
    /// (dependents first), ties broken by address.
    public func destroyOrder() -> [ResourceAddress] {
        Self.kahnOrder(edges: dependents, reverse: dependencies)
    }

    /// The graph with every edge turned round: a destroy graph, where a vertex waits for the
    /// vertices that depended on it to be deleted first.
    public func reversed() -> ResourceGraph {
        // Reversing an acyclic graph with known vertices keeps it acyclic and known.
        ResourceGraph(validated: dependents, gates: gates, dependents: dependencies)
    }

    /// Kahn's algorithm with a sorted ready list (graphs are small: hundreds of vertices).
    private static func kahnOrder(edges: [ResourceAddress: Set<ResourceAddress>],
                                  reverse: [ResourceAddress: Set<ResourceAddress>]) -> [ResourceAddress] {
        var remaining = edges.mapValues(\.count)
        var ready = remaining.filter { $0.value == 0 }.map(\.key).sorted(by: >)
        var order: [ResourceAddress] = []
        order.reserveCapacity(edges.count)
        while let next = ready.popLast() {
            order.append(next)
            for follower in reverse[next] ?? [] {
                remaining[follower, default: 0] -= 1
                if remaining[follower] == 0 {
                    // Keep `ready` sorted descending so popLast yields the smallest address.
                    let index = ready.firstIndex { $0 < follower } ?? ready.endIndex
                    ready.insert(follower, at: index)
                }
            }
        }
        return order
    }
}

extension ResourceGraph {
    /// For transformations that keep the invariants (no unknown vertices, no cycles).
    init(validated dependencies: [ResourceAddress: Set<ResourceAddress>], gates: Set<ResourceAddress>,
         dependents: [ResourceAddress: Set<ResourceAddress>]) {
        self.dependencies = dependencies
        self.gates = gates
        self.dependents = dependents
    }
}
