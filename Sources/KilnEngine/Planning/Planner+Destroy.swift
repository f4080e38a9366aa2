/// Destroy mode: every recorded resource (or the targets and what depends on them) is
/// deleted, dependents first, following the dependencies recorded in state.
extension Planner {
    func planDestroy(_ inputs: Inputs) async throws(PlanningError) -> EnginePlan {
        let options = inputs.options
        guard options.replace.isEmpty else { throw .replaceInDestroyMode(options.replace.sorted()) }
        for target in options.targets.sorted() where inputs.records[target] == nil { throw .unknownTarget(target) }
        let known = Set(inputs.records.keys)
        let scope: ResourceGraph
        do {
            // Recorded dependencies on resources no longer in state have nothing to wait for.
            let recorded = try ResourceGraph(dependencies: inputs.records.mapValues { $0.dependencies.intersection(known) })
            scope = options.targets.isEmpty ? recorded : try recorded.dependentSubgraph(targets: options.targets)
        } catch {
            throw .invalidGraph(error)
        }
        let refreshed = try await refresh(scope.vertices, inputs)
        let destroyGraph = scope.reversed()

        var vertices: [ResourceAddress: PlanVertex] = [:]
        for address in scope.vertices {
            guard let record = inputs.records[address] else { continue }
            let gone = refreshed.gone.contains(address)
            let reason: String? = if let intent = record.pending {
                // The provider's delete sees `record.pending` and its ids, so it can find what was left.
                "\(PlannedChanges.stopped(intent)); kiln deletes whatever it left"
            } else if gone {
                "already deleted outside kiln; kiln forgets its record"
            } else {
                nil
            }
            vertices[address] = PlanVertex(
                change: PlannedChanges.delete(record, reason: reason), desired: inputs.desired[address],
                current: refreshed.refreshed[address] ?? record,
                dependencies: destroyGraph.dependencies[address] ?? [], existsOutside: !gone,
                isGate: inputs.desired[address]?.isGate ?? false)
        }
        return EnginePlan(options: options, vertices: try ordered(vertices), drift: refreshed.drift, providers: providers)
    }
}
