/// Apply mode: every desired resource is created, updated, replaced, adopted or left alone;
/// records no longer desired (orphans) are deleted, which `ApplyPolicy` makes the user allow.
extension Planner {
    func planApply(_ inputs: Inputs) async throws(PlanningError) -> EnginePlan {
        let options = inputs.options
        let orphans = Set(inputs.records.keys).subtracting(inputs.desired.keys)
        let (desiredScope, orphanScope) = try applyScope(inputs, orphans: orphans)
        for address in options.replace.sorted() {
            guard inputs.desired[address] != nil else {
                throw .unknownReplaceAddress(address, inState: inputs.records[address] != nil)
            }
            guard desiredScope.contains(address) else { throw .replaceOutsideTargets(address) }
        }
        let refreshed = try await refresh(desiredScope.union(orphanScope), inputs)

        var vertices: [ResourceAddress: PlanVertex] = [:]
        // For each vertex, the change upstream of it (or itself) that makes gates below it re-run.
        var causes: [ResourceAddress: ResourceAddress] = [:]
        for address in inputs.desiredGraph.topologicalOrder() where desiredScope.contains(address) {
            guard let resource = inputs.desired[address] else { continue }
            var vertex = try managedVertex(resource, inputs, refreshed)
            let upstream = resource.dependencies.sorted().lazy.compactMap { causes[$0] }.first
            if resource.isGate { vertex.change = Self.gateChange(vertex.change, upstream: upstream) }
            if vertex.change.action != .noOp {
                causes[address] = resource.isGate ? (upstream ?? address) : address
            } else if let upstream {
                causes[address] = upstream
            }
            vertices[address] = vertex
        }
        for address in orphanScope {
            guard let record = inputs.records[address] else { continue }
            vertices[address] = Self.orphanVertex(record, gone: refreshed.gone.contains(address))
        }
        // An orphan goes after whatever (in this run) was recorded as depending on it: its
        // former dependents are deleted or moved off it first.
        let planned = Array(vertices.keys)
        for address in orphanScope {
            vertices[address]?.dependencies = Set(planned.filter { other in
                other != address && (inputs.records[other]?.dependencies.contains(address) ?? false)
            })
        }
        return EnginePlan(options: options, vertices: try ordered(vertices), drift: refreshed.drift, providers: providers)
    }

    /// `--target` in apply mode: desired targets and what they depend on, plus orphan targets.
    private func applyScope(_ inputs: Inputs, orphans: Set<ResourceAddress>)
        throws(PlanningError) -> (desired: Set<ResourceAddress>, orphans: Set<ResourceAddress>) {
        let targets = inputs.options.targets
        guard !targets.isEmpty else { return (Set(inputs.desired.keys), orphans) }
        for target in targets.sorted() where inputs.desired[target] == nil && inputs.records[target] == nil {
            throw .unknownTarget(target)
        }
        do {
            let desired = try inputs.desiredGraph.subgraph(targets: targets.intersection(inputs.desired.keys)).vertices
            return (desired, targets.intersection(orphans))
        } catch {
            throw .invalidGraph(error)
        }
    }

    private func managedVertex(_ resource: Resource, _ inputs: Inputs,
                               _ refreshed: RefreshStep.Result) throws(PlanningError) -> PlanVertex {
        let address = resource.address
        let record = inputs.records[address]
        var vertex = PlanVertex(change: ResourceChange(address: address, action: .noOp), desired: resource, current: record,
                                dependencies: resource.dependencies, existsOutside: record != nil, isGate: resource.isGate)
        guard let record else {
            vertex.change = PlannedChanges.create(resource)
            return vertex
        }
        if let intent = record.pending {
            var change = PlannedChanges.adopt(record, intent: intent)
            if inputs.options.replace.contains(address) {
                change.reason = (change.reason ?? "") + "; --replace waits until that is done: run kiln plan again"
            }
            vertex.change = change
            return vertex
        }
        if refreshed.gone.contains(address) {
            vertex.change = PlannedChanges.create(resource, reason: "deleted outside kiln; kiln creates it again")
            vertex.existsOutside = false
            return vertex
        }
        guard let provider = providers.provider(for: address) else {
            throw .noProvider(type: address.type, addresses: [address])
        }
        let current = refreshed.refreshed[address] ?? record
        vertex.current = current
        var change = PlannedChanges.sorted(provider.diff(desired: resource, current: current))
        change.address = address
        // Masking must not depend on each provider's diff remembering it.
        let secret = resource.sensitive.union(current.sensitive)
        for index in change.attributeChanges.indices where secret.contains(change.attributeChanges[index].name) {
            change.attributeChanges[index].sensitive = true
        }
        if inputs.options.replace.contains(address) {
            change.action = .replace
            change.reason = "replacement requested with --replace" + (change.reason.map { "; \($0)" } ?? "")
        }
        if change.action != .noOp, change.reason == nil,
           refreshed.drift.contains(where: { $0.address == address }) {
            change.reason = "changed outside kiln"
        }
        vertex.change = change
        return vertex
    }

    /// Gates are waits, not objects: one that must pass again is a `.read` (`<=`), run as its
    /// create (the wait); a gate never passed is a `.create`; otherwise nothing to do. A gate
    /// must pass again when anything upstream of it changes, or its own settings change.
    static func gateChange(_ change: ResourceChange, upstream: ResourceAddress?) -> ResourceChange {
        var change = change
        switch change.action {
        case .create, .adopt, .read, .delete:
            return change
        case .update, .replace:
            change.action = .read
            change.reason = change.reason ?? "its settings changed: it must pass again"
            for index in change.attributeChanges.indices { change.attributeChanges[index].forcesReplacement = false }
        case .noOp:
            guard let upstream else { return change }
            change.action = .read
            change.reason = "\(upstream) changes: it must pass again"
        }
        return change
    }

    /// A record the plan no longer wants.
    static func orphanVertex(_ record: ResourceRecord, gone: Bool) -> PlanVertex {
        let change: ResourceChange
        if let intent = record.pending {
            change = PlannedChanges.adopt(record, intent: intent)
        } else if gone {
            change = PlannedChanges.delete(record, reason: "already deleted outside kiln; kiln forgets its record")
        } else {
            change = PlannedChanges.delete(record, reason: "no longer in the plan")
        }
        return PlanVertex(change: change, desired: nil, current: record, dependencies: [],
                          existsOutside: !gone, isGate: false)
    }
}
