/// The longest chain of dependent vertices by expected duration: no amount of parallelism
/// makes a run shorter than `length`.
public struct CriticalPath: Hashable, Sendable {
    /// From the first vertex to run to the last, each depending on the one before.
    public var vertices: [ResourceAddress]
    public var length: Duration

    public init(vertices: [ResourceAddress], length: Duration) {
        self.vertices = vertices
        self.length = length
    }
}

extension ResourceGraph {
    /// The critical path given each vertex's expected duration (missing ones count as zero).
    /// Ties go to the smallest address, so the answer is stable.
    public func criticalPath(durations: [ResourceAddress: Duration]) -> CriticalPath {
        var finish: [ResourceAddress: Duration] = [:]
        var previous: [ResourceAddress: ResourceAddress] = [:]
        for vertex in topologicalOrder() {
            var start = Duration.zero
            for dependency in (dependencies[vertex] ?? []).sorted() {
                let end = finish[dependency] ?? .zero
                if previous[vertex] == nil || end > start {
                    start = end
                    previous[vertex] = dependency
                }
            }
            finish[vertex] = start + (durations[vertex] ?? .zero)
        }
        guard let last = finish.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else {
            return CriticalPath(vertices: [], length: .zero)
        }
        var path = [last.key]
        while let before = previous[path[path.count - 1]] { path.append(before) }
        return CriticalPath(vertices: path.reversed(), length: last.value)
    }

    /// How long a run would take with at most `parallelism` vertices at once, each taking its
    /// expected duration and started, like the executor does, as soon as its dependencies are
    /// done and a slot is free (smallest address first). A benchmark compares this with the
    /// measured wall time; `criticalPath` is the bound for unlimited parallelism.
    public func simulatedMakespan(durations: [ResourceAddress: Duration], parallelism: Int) -> Duration {
        let slots = max(1, parallelism)
        var remaining = dependencies.mapValues(\.count)
        var ready = remaining.filter { $0.value == 0 }.map(\.key).sorted()
        var running: [(end: Duration, vertex: ResourceAddress)] = []
        var now = Duration.zero
        while !ready.isEmpty || !running.isEmpty {
            while running.count < slots, !ready.isEmpty {
                let vertex = ready.removeFirst()
                running.append((now + (durations[vertex] ?? .zero), vertex))
            }
            // Finish the earliest (ties by address) and release what it unblocks.
            running.sort { $0.end < $1.end || ($0.end == $1.end && $0.vertex < $1.vertex) }
            let done = running.removeFirst()
            now = done.end
            for follower in (dependents[done.vertex] ?? []) {
                remaining[follower, default: 0] -= 1
                if remaining[follower] == 0 { ready.append(follower) }
            }
            ready.sort()
        }
        return now
    }
}
