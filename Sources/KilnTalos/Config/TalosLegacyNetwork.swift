/// `machine.network` of the v1alpha1 document. Before v1.12 it carries the hostname, the
/// interfaces (addresses, routes, the control planes' VIP) and the nameservers; from v1.12 on
/// those are documents of their own and v1.12 still writes an empty `network: {}`.
extension TalosV1Alpha1Document {
    static func legacyNetwork(_ input: TalosConfigInput) -> TalosYAML? {
        guard !input.contract.networkDocuments else {
            return input.contract.writesEmptyMachineNetwork ? .emptyMap : nil
        }
        var network = TalosMapBuilder()
        network.add("hostname", input.hostname.map(TalosYAML.string))
        let vip = input.isControlPlane ? input.virtualIP : nil
        var interfaces = input.links.map { link in interface(link.name, link, vip: vip?.link == link.name ? vip : nil) }
        // A VIP on a link without static addressing still needs its interface entry.
        if let vip, !input.links.contains(where: { $0.name == vip.link }) {
            interfaces.append(interface(vip.link, nil, vip: vip))
        }
        network.add("interfaces", .list(interfaces), when: !interfaces.isEmpty)
        network.add("nameservers", .strings(input.nameservers), when: !input.nameservers.isEmpty)
        network.add("searchDomains", .strings(input.searchDomains), when: !input.searchDomains.isEmpty)
        if network.entries.isEmpty { return input.contract.writesEmptyMachineNetwork ? .emptyMap : nil }
        return network.yaml
    }

    private static func interface(_ name: String, _ link: TalosConfigInput.Link?, vip: TalosConfigInput.VirtualIP?) -> TalosYAML {
        var device = TalosMapBuilder()
        device.add("interface", .string(name))
        if let link {
            device.add("addresses", .strings(link.addresses), when: !link.addresses.isEmpty)
            device.add("routes", .list(link.routes.map { route in
                // The legacy route says `network`, and needs one even for the default route.
                .map([.init("network", .string(route.destination ?? "0.0.0.0/0")), .init("gateway", .string(route.gateway))])
            }), when: !link.routes.isEmpty)
        }
        device.add("vip", vip.map { .map([.init("ip", .string($0.address))]) })
        return device.yaml
    }
}
