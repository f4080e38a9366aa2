/// Everything one node's machine config is generated from. Optional fields left at their
/// defaults produce exactly what `talosctl gen config` writes for the same cluster.
public struct TalosConfigInput: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case controlplane
        case worker
    }

    public struct CNI: Sendable, Equatable {
        public var name: String
        public var urls: [String]
        public init(name: String, urls: [String] = []) {
            self.name = name
            self.urls = urls
        }
    }

    public struct RegistryMirror: Sendable, Equatable {
        public var registry: String
        public var endpoints: [String]
        public init(registry: String, endpoints: [String]) {
            self.registry = registry
            self.endpoints = endpoints
        }
    }

    public var role: Role
    public var contract: TalosContract
    public var clusterName: String
    /// `https://host:port` of the Kubernetes API (the control-plane VIP in kiln's plans).
    public var endpoint: String
    /// Without the leading `v`, e.g. `1.28.0`.
    public var kubernetesVersion: String
    public var secrets: TalosSecretsBundle

    public var additionalCertSANs: [String] = []
    public var allowSchedulingOnControlPlanes = false
    public var dnsDomain = "cluster.local"
    public var podSubnets = ["10.244.0.0/16"]
    public var serviceSubnets = ["10.96.0.0/12"]
    public var installDisk: String?
    public var installExtraKernelArgs: [String] = []
    public var localAPIServerPort: Int?
    /// Kernel parameters, written in the order given.
    public var sysctls: [(key: String, value: String)] = []
    /// nil: Talos's default (flannel).
    public var cni: CNI?
    public var registryMirrors: [RegistryMirror] = []

    public init(role: Role, contract: TalosContract, clusterName: String, endpoint: String,
                kubernetesVersion: String, secrets: TalosSecretsBundle) {
        self.role = role
        self.contract = contract
        self.clusterName = clusterName
        self.endpoint = endpoint
        self.kubernetesVersion = kubernetesVersion
        self.secrets = secrets
    }

    var isControlPlane: Bool { role == .controlplane }
}
