/// Cilium, the cluster's CNI, and its ClusterMesh membership.
public struct CiliumSettings: Sendable, Equatable {
    /// Chart version, normalised without a leading `v` (`1.18.4`).
    public var version: SemanticVersion
    /// Cilium cluster ID: 1–255, or 1–511 with `maxConnectedClusters: 511`.
    public var clusterID: Int
    /// 255 or 511; fixed at install, equal on every mesh member.
    public var maxConnectedClusters: Int
    public var loadBalancerPool: [AddressBlock]
    public var l2Announcements: Bool
    public var clusterMesh: ClusterMeshSettings?

    public static let defaultMaxConnectedClusters = 255
}

public struct ClusterMeshSettings: Sendable, Equatable {
    /// Name of the mesh this cluster belongs to; plans validated together are grouped by it.
    public var name: String
    /// LoadBalancer IP of this cluster's clustermesh-apiserver (port 2379).
    public var endpoint: IPv4Address
}
