/// What one Talos contract version writes. The generator reads these facts and never asks which
/// version it is generating for, so a new release is a new row in `all` (learned by diffing
/// Talos's own golden output, `testdata/stability/<version>/`).
public struct TalosContract: Sendable, Equatable, Hashable {
    /// How the Kubernetes side of the cluster is expressed.
    public enum ClusterLayout: Sendable, Equatable, Hashable {
        /// Everything under `cluster:` of the v1alpha1 document (up to v1.13).
        case v1alpha1Cluster
        /// One `Kube*Config` document per component; `cluster:` keeps only the token and the
        /// etcd CA (v1.14).
        case kubeDocuments
    }

    public var version: String
    public var clusterLayout: ClusterLayout
    /// v1.12 still writes an empty `machine.network: {}`; v1.13 drops it.
    public var writesEmptyMachineNetwork: Bool
    /// v1.12+: networking as documents (`HostnameConfig`, always written, `auto: stable` unless
    /// a hostname is given; `LinkConfig`, `Layer2VIPConfig`, `ResolverConfig`) instead of
    /// `machine.network.{hostname,interfaces,nameservers}`.
    public var networkDocuments: Bool
    /// v1.12+: registry mirrors as `RegistryMirrorConfig` documents, not `machine.registries`.
    public var registryMirrorDocuments: Bool
    /// Whether kiln's output for this contract has been checked against Talos's golden files.
    public var goldenVerified: Bool

    public static let v1_10 = TalosContract(version: "v1.10", clusterLayout: .v1alpha1Cluster,
        writesEmptyMachineNetwork: true, networkDocuments: false, registryMirrorDocuments: false, goldenVerified: false)
    public static let v1_11 = TalosContract(version: "v1.11", clusterLayout: .v1alpha1Cluster,
        writesEmptyMachineNetwork: true, networkDocuments: false, registryMirrorDocuments: false, goldenVerified: false)
    public static let v1_12 = TalosContract(version: "v1.12", clusterLayout: .v1alpha1Cluster,
        writesEmptyMachineNetwork: true, networkDocuments: true, registryMirrorDocuments: true, goldenVerified: true)
    public static let v1_13 = TalosContract(version: "v1.13", clusterLayout: .v1alpha1Cluster,
        writesEmptyMachineNetwork: false, networkDocuments: true, registryMirrorDocuments: true, goldenVerified: true)
    public static let v1_14 = TalosContract(version: "v1.14", clusterLayout: .kubeDocuments,
        writesEmptyMachineNetwork: false, networkDocuments: true, registryMirrorDocuments: true, goldenVerified: true)

    public static let all: [TalosContract] = [.v1_10, .v1_11, .v1_12, .v1_13, .v1_14]

    /// `v1.13`, `1.13`, `v1.13.9` or `v1.14.0-rc.1` name the contract of their minor version.
    public static func named(_ name: String) throws(TalosConfigError) -> TalosContract {
        let bare = name.hasPrefix("v") ? String(name.dropFirst()) : name
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let contract = all.first(where: { $0.version == "v\(parts[0]).\(parts[1])" }) else {
            throw .unsupportedVersion(name, supported: all.map(\.version))
        }
        return contract
    }
}
