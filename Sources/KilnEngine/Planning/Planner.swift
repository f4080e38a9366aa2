/// Makes plans: refresh what exists, note drift, diff desired against current, adopt what a
/// stopped run left, and order it all for the executor. Stateless and cheap to make; it
/// reads nothing but what it is given and what providers' `refresh` answers.
public struct Planner: Sendable {
    let providers: ProviderTable

    /// Throws `PlanningError.typeOwnedTwice` when two providers claim a resource type.
    public init(providers: [any ResourceProvider]) throws(PlanningError) {
        self.providers = try ProviderTable(providers)
    }

    /// Plans `desired` against `current` (the records in state).
    ///
    /// In destroy mode `desired` may be empty; when given, it only tells which records are gates.
    public func plan(desired: [Resource], current: [ResourceRecord],
                     options: PlanOptions = PlanOptions()) async throws(PlanningError) -> EnginePlan {
        let desiredGraph: ResourceGraph
        do { desiredGraph = try ResourceGraph(resources: desired) } catch { throw .invalidGraph(error) }
        let records = Dictionary(current.map { ($0.address, $0) }, uniquingKeysWith: { _, last in last })
        let resources = Dictionary(desired.map { ($0.address, $0) }, uniquingKeysWith: { _, last in last })
        try providers.checkOwned(Array(resources.keys) + Array(records.keys))

        let inputs = Inputs(desired: resources, desiredGraph: desiredGraph, records: records, options: options)
        switch options.mode {
        case .apply: return try await planApply(inputs)
        case .destroy: return try await planDestroy(inputs)
        }
    }

    struct Inputs {
        var desired: [ResourceAddress: Resource]
        var desiredGraph: ResourceGraph
        var records: [ResourceAddress: ResourceRecord]
        var options: PlanOptions
    }

    /// Refreshes the records of `scope` that have no unfinished operation (those are adopted,
    /// and a half-made object must not read as "deleted outside kiln").
    func refresh(_ scope: Set<ResourceAddress>, _ inputs: Inputs) async throws(PlanningError) -> RefreshStep.Result {
        guard inputs.options.refresh else { return RefreshStep.Result() }
        let records = scope.compactMap { inputs.records[$0] }.filter { $0.pending == nil }
        guard !records.isEmpty else { return RefreshStep.Result() }
        return try await RefreshStep(providers: providers)
            .run(records, sensitive: inputs.desired.mapValues(\.sensitive))
    }

    /// Orders vertices for the executor; a cycle (only possible through corrupt recorded
    /// dependencies) is an error.
    func ordered(_ vertices: [ResourceAddress: PlanVertex]) throws(PlanningError) -> [PlanVertex] {
        let graph: ResourceGraph
        do {
            graph = try ResourceGraph(dependencies: vertices.mapValues(\.dependencies),
                                      gates: Set(vertices.values.filter(\.isGate).map(\.address)))
        } catch { throw .invalidGraph(error) }
        return graph.topologicalOrder().compactMap { vertices[$0] }
    }
}
