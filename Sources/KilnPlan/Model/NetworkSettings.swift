/// The node network and the cluster-internal ranges.
public struct NetworkSettings: Sendable, Equatable {
    /// The subnet the node IPs, gateway and VIP live in.
    public var subnet: IPv4Network
    public var gateway: IPv4Address
    public var nameservers: [IPv4Address]
    public var searchDomain: String?
    /// Shared control-plane address (Talos Layer 2 VIP), the Kubernetes API endpoint.
    public var vip: IPv4Address
    public var podCIDR: IPv4Network
    public var serviceCIDR: IPv4Network
    public var dnsDomain: String

    public static let defaultPodCIDR = IPv4Network(containing: IPv4Address(0x0AF4_0000), prefixLength: 16)     // 10.244.0.0/16
    public static let defaultServiceCIDR = IPv4Network(containing: IPv4Address(0x0A60_0000), prefixLength: 12) // 10.96.0.0/12
    public static let defaultDNSDomain = "cluster.local"
}
