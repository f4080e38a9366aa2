/// A multi-document config's typed document: `apiVersion: v1alpha1`, `kind`, then its fields.
enum TalosDocument {
    static func make(_ kind: String, _ fields: [TalosYAML.Entry]) -> TalosYAML {
        .map([.init("apiVersion", .string("v1alpha1")), .init("kind", .string(kind))] + fields)
    }

    /// `HostnameConfig`, then (only when the input asks for them) `ResolverConfig`, one
    /// `LinkConfig` per link and the control planes' `Layer2VIPConfig`. v1.14 writes its own
    /// `ResolverConfig` (host DNS) elsewhere, hence `resolver`.
    static func network(_ input: TalosConfigInput, resolver: Bool) -> [TalosYAML] {
        var docs = [make("HostnameConfig", input.hostname.map { [.init("hostname", .string($0))] } ?? [.init("auto", .string("stable"))])]
        if resolver, !input.nameservers.isEmpty || !input.searchDomains.isEmpty { docs.append(make("ResolverConfig", resolverFields(input))) }
        for link in input.links {
            var fields = [TalosYAML.Entry("name", .string(link.name))]
            if !link.addresses.isEmpty { fields.append(.init("addresses", .list(link.addresses.map { .map([.init("address", .string($0))]) }))) }
            if !link.routes.isEmpty {
                fields.append(.init("routes", .list(link.routes.map { route in
                    var entries = route.destination.map { [TalosYAML.Entry("destination", .string($0))] } ?? []
                    entries.append(.init("gateway", .string(route.gateway)))
                    return .map(entries)
                })))
            }
            docs.append(make("LinkConfig", fields))
        }
        if input.isControlPlane, let vip = input.virtualIP {
            docs.append(make("Layer2VIPConfig", [.init("name", .string(vip.address)), .init("link", .string(vip.link))]))
        }
        return docs
    }

    static func nameservers(_ input: TalosConfigInput) -> TalosYAML.Entry {
        .init("nameservers", .list(input.nameservers.map { .map([.init("address", .string($0))]) }))
    }

    /// `ResolverConfig`'s nameservers and search domains, each only when the input has some.
    static func resolverFields(_ input: TalosConfigInput) -> [TalosYAML.Entry] {
        var fields: [TalosYAML.Entry] = input.nameservers.isEmpty ? [] : [nameservers(input)]
        if !input.searchDomains.isEmpty {
            fields.append(.init("searchDomains", .map([.init("domains", .list(input.searchDomains.map { .string($0) }))])))
        }
        return fields
    }

    static func registryMirrors(_ input: TalosConfigInput) -> [TalosYAML] {
        input.registryMirrors.map { mirror in
            make("RegistryMirrorConfig", [
                .init("name", .string(mirror.registry)),
                .init("endpoints", .list(mirror.endpoints.map { .map([.init("url", .string($0))]) })),
            ])
        }
    }
}
