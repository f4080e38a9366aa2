/// The coordinator's bookkeeping for one run: which vertices wait on how many dependencies,
/// what has finished with which outputs, and what a failure makes impossible. Owned by the
/// coordinator loop alone, so it is a plain value.
struct RunTracker {
    private enum Status {
        case waiting
        case launched
        case finished
        case failed
        case skipped
        case interrupted
    }

    private let graph: ResourceGraph
    private let jobs: [ResourceAddress: VertexJob]
    private var remaining: [ResourceAddress: Int]
    private var status: [ResourceAddress: Status]
    private var outputs: [ResourceAddress: Attributes] = [:]
    private var skipCauses: [ResourceAddress: Set<ResourceAddress>] = [:]
    private(set) var result = ExecutionResult()

    init(graph: ResourceGraph, jobs: [ResourceAddress: VertexJob]) {
        self.graph = graph
        self.jobs = jobs
        remaining = graph.dependencies.mapValues(\.count)
        status = graph.dependencies.mapValues { _ in .waiting }
    }

    /// Vertices with no dependencies, smallest address first.
    mutating func takeInitiallyReady() -> [ResourceAddress] {
        let ready = remaining.filter { $0.value == 0 }.map(\.key).sorted()
        for address in ready { status[address] = .launched }
        return ready
    }

    /// The outputs of a vertex's dependencies; all finished by the time it is launched.
    func dependencyOutputs(of address: ResourceAddress) -> [ResourceAddress: Attributes] {
        var values: [ResourceAddress: Attributes] = [:]
        for dependency in graph.dependencies[address] ?? [] { values[dependency] = outputs[dependency] ?? [:] }
        return values
    }

    /// Takes in how a vertex ended. Returns the vertices that became ready (sorted) and the
    /// ones newly skipped because of a failure.
    mutating func take(_ report: VertexReport) -> (ready: [ResourceAddress], skipped: [ExecutionResult.Skipped]) {
        let address = report.address
        let action = jobs[address]?.action ?? .noOp
        switch report.ending {
        case .finished(let values, let duration):
            status[address] = .finished
            outputs[address] = values
            result.finished.append(.init(address: address, action: action, duration: duration))
            var ready: [ResourceAddress] = []
            for dependent in graph.dependents[address] ?? [] {
                remaining[dependent, default: 0] -= 1
                if remaining[dependent] == 0, status[dependent] == .waiting {
                    status[dependent] = .launched
                    ready.append(dependent)
                }
            }
            return (ready.sorted(), [])
        case .failed(let failure):
            status[address] = .failed
            result.failures.append(failure)
            return ([], skipDependents(of: address))
        case .interrupted(let elapsed):
            status[address] = .interrupted
            result.interrupted.append(.init(address: address, action: action, elapsed: elapsed))
            return ([], [])
        case .notStarted:
            // Left waiting: `finish` lists it with everything else that never ran.
            status[address] = .waiting
            return ([], [])
        }
    }

    /// Everything downstream of a root-cause failure can never run. A vertex downstream of
    /// two failures names both.
    private mutating func skipDependents(of failed: ResourceAddress) -> [ExecutionResult.Skipped] {
        var newlySkipped: [ExecutionResult.Skipped] = []
        for dependent in graph.transitiveDependents(of: failed).sorted() {
            skipCauses[dependent, default: []].insert(failed)
            if status[dependent] == .waiting {
                status[dependent] = .skipped
                newlySkipped.append(.init(address: dependent, action: jobs[dependent]?.action ?? .noOp,
                                          failedDependencies: [failed]))
            }
        }
        return newlySkipped
    }

    /// The result, with never-started vertices listed and skip causes complete.
    func finish(stop: StopMode?, duration: Duration) -> ExecutionResult {
        var final = result
        final.stop = stop
        final.duration = duration
        final.skipped = status.filter { $0.value == .skipped }.keys.sorted().map { address in
            .init(address: address, action: jobs[address]?.action ?? .noOp,
                  failedDependencies: (skipCauses[address] ?? []).sorted())
        }
        final.notStarted = status.filter { $0.value == .waiting || $0.value == .launched }.keys.sorted()
        return final
    }
}
