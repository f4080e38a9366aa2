import Foundation

/// A validated cluster plan: everything kiln needs to build one Talos cluster on Proxmox VE.
/// Node sizes already have the per-role defaults applied, versions are normalised, and relative
/// file paths are resolved against the plan file's directory.
public struct Plan: Sendable, Equatable {
    /// Cluster name: a DNS label and a valid Cilium cluster name.
    public var name: String
    public var proxmox: ProxmoxSettings
    public var talos: TalosSettings
    public var network: NetworkSettings
    public var nodes: [NodeSpec]
    public var cilium: CiliumSettings
    public var gitops: GitOpsSettings?
    /// The plan file as given (display path) and the directory relative paths resolve against.
    public var file: String
    public var baseDirectory: String

    public var controlPlanes: [NodeSpec] { nodes.filter { $0.role == .controlPlane } }
    public var workers: [NodeSpec] { nodes.filter { $0.role == .worker } }

    /// The Kubernetes API endpoint every node and client uses (`https://VIP:6443`).
    public var controlPlaneEndpoint: String { "https://\(network.vip):6443" }
}
