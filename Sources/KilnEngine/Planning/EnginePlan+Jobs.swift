/// The executor's view of a plan: one job per vertex, no-ops included, because the executor
/// requires every dependency to be a job and no-op vertices carry outputs to their dependents.
extension EnginePlan {
    /// Throws `PlanningError.jobBuild` only if the plan is inconsistent (a planner bug).
    public func jobs() throws(PlanningError) -> [VertexJob] {
        var jobs: [VertexJob] = []
        jobs.reserveCapacity(vertices.count)
        let drifted = Set(drift.map(\.address))
        for vertex in vertices {
            guard let provider = providers.provider(for: vertex.address) else {
                throw .noProvider(type: vertex.address.type, addresses: [vertex.address])
            }
            if vertex.isGate, vertex.change.action == .read, let gate = vertex.desired {
                jobs.append(Self.recheck(gate, provider: provider, dependencies: vertex.dependencies))
                continue
            }
            if vertex.change.action == .noOp, drifted.contains(vertex.address), let refreshed = vertex.current {
                // Nothing to do outside, but state learns what the refresh found (ids, outputs).
                jobs.append(VertexJob(address: vertex.address, action: .noOp, dependencies: vertex.dependencies) { _ in
                    .recorded(refreshed)
                })
                continue
            }
            do {
                jobs.append(try VertexJob.forChange(vertex.change, desired: vertex.desired, current: vertex.current,
                                                    provider: provider, dependencies: vertex.dependencies))
            } catch {
                throw .jobBuild(error)
            }
        }
        return jobs
    }

    /// A gate checked again: its create is the wait, shown as a read (`<=`) since it changes
    /// nothing outside.
    private static func recheck(_ gate: Resource, provider: any ResourceProvider,
                                dependencies: Set<ResourceAddress>) -> VertexJob {
        VertexJob(address: gate.address, action: .read, dependencies: dependencies, isGate: true,
                  timeout: gate.gateTimeout) { context in
            .recorded(try await provider.create(gate, context: context))
        }
    }
}
