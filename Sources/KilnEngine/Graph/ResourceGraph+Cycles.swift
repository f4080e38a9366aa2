extension ResourceGraph {
    /// The first cycle a depth-first walk meets, in dependency order and closed
    /// (`[a, b, c, a]`: a depends on b, b on c, c on a), rotated to start at its smallest
    /// address so the same plan always names it the same way. Nil when acyclic.
    static func findCycle(in dependencies: [ResourceAddress: Set<ResourceAddress>]) -> [ResourceAddress]? {
        enum Mark { case onPath, done }
        var marks: [ResourceAddress: Mark] = [:]

        // Iterative DFS: a deep chain of dependencies must not overflow the stack.
        for root in dependencies.keys.sorted() where marks[root] == nil {
            var path: [ResourceAddress] = [root]
            var pending: [[ResourceAddress]] = [(dependencies[root] ?? []).sorted().reversed()]
            marks[root] = .onPath
            while !path.isEmpty {
                guard let next = pending[pending.count - 1].popLast() else {
                    marks[path.removeLast()] = .done
                    pending.removeLast()
                    continue
                }
                switch marks[next] {
                case .done?: continue
                case .onPath?:
                    guard let start = path.firstIndex(of: next) else { continue }
                    return rotatedToSmallest(Array(path[start...]))
                case nil:
                    marks[next] = .onPath
                    path.append(next)
                    pending.append((dependencies[next] ?? []).sorted().reversed())
                }
            }
        }
        return nil
    }

    private static func rotatedToSmallest(_ cycle: [ResourceAddress]) -> [ResourceAddress] {
        guard let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        let rotated = Array(cycle[smallest...] + cycle[..<smallest])
        return rotated + [rotated[0]]
    }
}
