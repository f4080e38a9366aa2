/// The node network: every fixed address inside the subnet and usable by a host, no address used
/// twice, and the three networks (nodes, pods, services) apart.
enum NetworkRules {
    static func check(_ context: ValidationContext) {
        let network = context.plan.network
        checkRanges(context)
        guard context.usable("network.subnet") else { return }
        let subnet = network.subnet

        if context.usable("network.gateway") {
            checkHostAddress(context, network.gateway, path: "network.gateway", what: "gateway", subnet: subnet)
        }
        if context.usable("network.vip") {
            let vip = network.vip
            if checkHostAddress(context, vip, path: "network.vip", what: "VIP", subnet: subnet) {
                if context.usable("network.gateway"), vip == network.gateway {
                    context.error("network.vip", "VIP \(vip) is the gateway's address", fix: "pick a free address in \(subnet) for the VIP")
                }
            }
        }
        var seen: [IPv4Address: Int] = [:]
        for index in context.nodeIndexes(with: "ip") {
            let node = context.plan.nodes[index]
            let path = "nodes[\(index)].ip"
            guard checkHostAddress(context, node.ip, path: path, what: "node `\(node.name)` IP", subnet: subnet) else { continue }
            if context.usable("network.gateway"), node.ip == network.gateway {
                context.error(path, "node `\(node.name)` IP \(node.ip) is the gateway's address", fix: "give the node a free address in \(subnet)")
            }
            if context.usable("network.vip"), node.ip == network.vip {
                context.error(path, "node `\(node.name)` IP \(node.ip) is the VIP; the VIP floats between control planes and must be its own address",
                              fix: "give the node another address, or move `network.vip`")
            }
            if let first = seen[node.ip] {
                context.error(path, "node `\(node.name)` IP \(node.ip) is already used by node `\(context.plan.nodes[first].name)` (line \(context.location("nodes[\(first)].ip").line))",
                              fix: "give each node its own address")
            } else {
                seen[node.ip] = index
            }
        }
    }

    /// Node subnet, pod CIDR and service CIDR must not overlap: routing would be ambiguous.
    static func checkRanges(_ context: ValidationContext) {
        let network = context.plan.network
        let ranges: [(path: String, name: String, value: IPv4Network)] = [
            ("network.subnet", "node subnet", network.subnet),
            ("network.podCIDR", "pod CIDR", network.podCIDR),
            ("network.serviceCIDR", "service CIDR", network.serviceCIDR),
        ].filter { context.usable($0.0) }
        for i in ranges.indices {
            for j in ranges.indices where j > i && ranges[i].value.overlaps(ranges[j].value) {
                // Report on the later-written of the two so the message points where the user typed it.
                let (first, second) = context.location(ranges[i].path) < context.location(ranges[j].path) ? (i, j) : (j, i)
                let secondPath = context.sourceMap.location(of: ranges[second].path) != nil ? ranges[second].path : ranges[first].path
                context.error(secondPath, "\(ranges[second].name) \(ranges[second].value) overlaps the \(ranges[first].name) \(ranges[first].value)",
                              fix: "choose non-overlapping ranges (defaults: pods 10.244.0.0/16, services 10.96.0.0/12)")
            }
        }
    }

    /// Inside the subnet and not its network or broadcast address. Returns whether it passed.
    @discardableResult
    static func checkHostAddress(_ context: ValidationContext, _ address: IPv4Address, path: String, what: String, subnet: IPv4Network) -> Bool {
        guard subnet.contains(address) else {
            context.error(path, "\(what) \(address) is outside the node subnet \(subnet)",
                          fix: "use an address from \(subnet.networkAddress.advanced(by: 1).map(\.description) ?? "") to \(subnet.broadcastAddress.advanced(by: -1).map(\.description) ?? ""), or correct `network.subnet`")
            return false
        }
        guard subnet.containsHost(address) else {
            let kind = address == subnet.networkAddress ? "network address" : "broadcast address"
            context.error(path, "\(what) \(address) is the \(kind) of \(subnet)", fix: "use a host address inside \(subnet)")
            return false
        }
        return true
    }
}
