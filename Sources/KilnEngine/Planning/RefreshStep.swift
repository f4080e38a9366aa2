/// The refresh step: ask each provider, once, about all of its records, and turn the answers
/// into the records the diff runs against plus the drift the plan shows separately.
struct RefreshStep {
    struct Result: Sendable {
        /// Records as the outside world shows them now (only those the providers answered for).
        var refreshed: [ResourceAddress: ResourceRecord] = [:]
        /// Records whose object is gone (deleted outside kiln).
        var gone: Set<ResourceAddress> = []
        /// "Changed outside kiln": `.update` for changed attributes, `.delete` for deleted objects.
        var drift: [ResourceChange] = []
    }

    let providers: ProviderTable

    /// `sensitive` gives the attribute names to mask per address (from the desired resources),
    /// on top of those the records name.
    func run(_ records: [ResourceRecord], sensitive: [ResourceAddress: Set<String>]) async throws(PlanningError) -> Result {
        let answers = try await ask(records)
        var result = Result()
        for record in records.sorted(by: { $0.address < $1.address }) {
            switch answers[record.address] {
            case nil:
                continue // Not in the answer: unchanged, as the provider contract says.
            case .absent?:
                result.gone.insert(record.address)
                result.drift.append(ResourceChange(
                    address: record.address, action: .delete,
                    attributeChanges: Self.changes(from: record.attributes, to: [:], sensitive: record.sensitive),
                    reason: "deleted outside kiln"))
            case .present(let seen)?:
                // The outside world knows attributes, ids and outputs; kiln's own bookkeeping
                // (status, what is sensitive, dependencies) stays as state has it.
                var now = record
                now.attributes = seen.attributes
                now.outsideIDs = seen.outsideIDs
                now.outputs = seen.outputs
                result.refreshed[record.address] = now
                let masked = record.sensitive.union(sensitive[record.address] ?? [])
                let changes = Self.changes(from: record.attributes, to: seen.attributes, sensitive: masked)
                if !changes.isEmpty {
                    result.drift.append(ResourceChange(address: record.address, action: .update,
                                                       attributeChanges: changes, reason: "changed outside kiln"))
                }
            }
        }
        return result
    }

    /// One call per provider, all providers at once; the first failure (in provider order) wins.
    private func ask(_ records: [ResourceRecord]) async throws(PlanningError) -> [ResourceAddress: RefreshOutcome] {
        var batches: [Int: [ResourceRecord]] = [:]
        for record in records {
            guard let index = providers.index(for: record.address.type) else { continue }
            batches[index, default: []].append(record)
        }
        let providers = self.providers.providers
        typealias Answer = Swift.Result<[ResourceAddress: RefreshOutcome], any Error>
        let answers = await withTaskGroup(of: (Int, Answer).self) { group in
            for (index, batch) in batches {
                let provider = providers[index]
                let sorted = batch.sorted { $0.address < $1.address }
                group.addTask {
                    do { return (index, .success(try await provider.refresh(sorted))) } catch { return (index, .failure(error)) }
                }
            }
            var collected: [Int: Answer] = [:]
            for await (index, answer) in group { collected[index] = answer }
            return collected
        }
        var merged: [ResourceAddress: RefreshOutcome] = [:]
        for index in answers.keys.sorted() {
            switch answers[index] {
            case .success(let outcomes)?:
                // Answers about records the provider was not asked for are ignored.
                let asked = Set((batches[index] ?? []).map(\.address))
                for (address, outcome) in outcomes where asked.contains(address) { merged[address] = outcome }
            case .failure(let error)?:
                throw .refreshFailed(provider: ProviderTable.name(of: providers[index]),
                                     addresses: (batches[index] ?? []).map(\.address).sorted(),
                                     message: String(describing: error), hint: (error as? any HintedError)?.hint)
            case nil:
                continue
            }
        }
        return merged
    }

    /// Attribute by attribute, sorted by name.
    static func changes(from old: Attributes, to new: Attributes, sensitive: Set<String>,
                        forcing: Set<String> = []) -> [AttributeChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { name in
            guard old[name] != new[name] else { return nil }
            return AttributeChange(name: name, old: old[name], new: new[name],
                                   forcesReplacement: forcing.contains(name), sensitive: sensitive.contains(name))
        }
    }
}
