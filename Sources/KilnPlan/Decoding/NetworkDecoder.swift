extension PlanDecoder {
    static let networkFields = ["subnet", "gateway", "nameservers", "searchDomain", "vip", "podCIDR", "serviceCIDR", "dnsDomain"]

    func decodeNetwork(_ root: MappingReader) -> NetworkSettings {
        let placeholder = IPv4Address(0)
        var settings = NetworkSettings(subnet: IPv4Network(containing: placeholder, prefixLength: 32), gateway: placeholder,
                                       nameservers: [], searchDomain: nil, vip: placeholder,
                                       podCIDR: NetworkSettings.defaultPodCIDR, serviceCIDR: NetworkSettings.defaultServiceCIDR,
                                       dnsDomain: NetworkSettings.defaultDNSDomain)
        guard let reader = section(root, "network", allowed: PlanDecoder.networkFields, example: "{subnet: 192.168.1.0/24, …}") else {
            return settings
        }
        if let subnet = reader.network("subnet", required: true, example: "192.168.1.0/24") { settings.subnet = subnet } else { context.markBroken("network.subnet") }
        if let gateway = reader.ipAddress("gateway", required: true, example: "192.168.1.1") { settings.gateway = gateway } else { context.markBroken("network.gateway") }
        if let vip = reader.ipAddress("vip", required: true, example: "192.168.1.20") { settings.vip = vip } else { context.markBroken("network.vip") }
        if let servers = reader.stringList("nameservers", required: true, example: "[192.168.1.1]") {
            for (text, path) in servers {
                if let address = IPv4Address(text) {
                    settings.nameservers.append(address)
                } else {
                    context.error(context.sourceMap.bestLocation(of: path), "`\(path)` is not an IPv4 address: `\(text)`",
                                  fix: "write the DNS server's address, e.g. `192.168.1.1`")
                }
            }
            if servers.isEmpty {
                context.error(reader.valueLocation("nameservers"), "`network.nameservers` is empty", fix: "give at least one DNS server, e.g. `[192.168.1.1]`")
            }
        }
        if let domain = reader.string("searchDomain") {
            if NameRules.isDNSName(domain) { settings.searchDomain = domain } else {
                reader.fail("searchDomain", "`network.searchDomain` is not a DNS domain: `\(domain)`", fix: "write it like `home.arpa`")
            }
        }
        if reader.has("podCIDR") {
            if let pods = reader.network("podCIDR", example: "10.244.0.0/16") { settings.podCIDR = pods }
        }
        if reader.has("serviceCIDR") {
            if let services = reader.network("serviceCIDR", example: "10.96.0.0/12") { settings.serviceCIDR = services }
        }
        if let domain = reader.string("dnsDomain") {
            if NameRules.isDNSName(domain) { settings.dnsDomain = domain } else {
                reader.fail("dnsDomain", "`network.dnsDomain` is not a DNS domain: `\(domain)`", fix: "use the default `cluster.local`")
            }
        }
        return settings
    }
}
