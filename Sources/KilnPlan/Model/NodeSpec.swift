/// One machine of the cluster, with the per-role defaults already applied.
public struct NodeSpec: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable, CaseIterable {
        case controlPlane = "controlplane"
        case worker
    }

    public var name: String
    public var role: Role
    public var ip: IPv4Address
    /// Pinned VMID; nil means the engine allocates one (`/cluster/nextid`).
    public var vmid: Int?
    public var resources: NodeResources
    /// The Proxmox node this VM lives on (the node's override or `proxmox.node`).
    public var proxmoxNode: String
    public var labels: [String: String]
    public var taints: [Taint]
    public var patches: [ConfigPatch]
}

/// VM size. Memory and disk keep the unit the user wrote; convert with `ByteSize`'s accessors.
public struct NodeResources: Sendable, Equatable {
    public var cores: Int
    public var sockets: Int
    public var memory: ByteSize
    public var disk: ByteSize
}

/// A Kubernetes taint, `key[=value]:Effect`.
public struct Taint: Sendable, Equatable, CustomStringConvertible {
    public enum Effect: String, Sendable, CaseIterable {
        case noSchedule = "NoSchedule"
        case preferNoSchedule = "PreferNoSchedule"
        case noExecute = "NoExecute"
    }

    public var key: String
    public var value: String?
    public var effect: Effect

    public var description: String {
        value.map { "\(key)=\($0):\(effect.rawValue)" } ?? "\(key):\(effect.rawValue)"
    }
}
