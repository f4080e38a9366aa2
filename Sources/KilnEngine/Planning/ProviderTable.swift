/// Which provider owns which resource type, checked once: every type has at most one owner.
struct ProviderTable: Sendable {
    let providers: [any ResourceProvider]
    private let owners: [String: Int]

    init(_ providers: [any ResourceProvider]) throws(PlanningError) {
        var owners: [String: Int] = [:]
        for (index, provider) in providers.enumerated() {
            for type in provider.resourceTypes.sorted() {
                if let other = owners[type] {
                    throw .typeOwnedTwice(type: type, providers: [Self.name(of: providers[other]), Self.name(of: provider)])
                }
                owners[type] = index
            }
        }
        self.providers = providers
        self.owners = owners
    }

    func index(for type: String) -> Int? { owners[type] }

    func provider(for address: ResourceAddress) -> (any ResourceProvider)? {
        owners[address.type].map { providers[$0] }
    }

    /// Throws `noProvider` for the first (by type name) type nobody owns.
    func checkOwned(_ addresses: some Sequence<ResourceAddress>) throws(PlanningError) {
        let orphaned = Dictionary(grouping: addresses.filter { owners[$0.type] == nil }, by: \.type)
        if let type = orphaned.keys.min() {
            throw .noProvider(type: type, addresses: (orphaned[type] ?? []).sorted())
        }
    }

    static func name(of provider: any ResourceProvider) -> String {
        "\(type(of: provider)) (types \(provider.resourceTypes.sorted().joined(separator: ", ")))"
    }
}
