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

    /// A statically addressed link: addresses in CIDR notation, routes by gateway.
    public struct Link: Sendable, Equatable {
        public var name: String
        public var addresses: [String]
        public var routes: [Route]
        public init(name: String, addresses: [String], routes: [Route] = []) {
            self.name = name
            self.addresses = addresses
            self.routes = routes
        }
    }

    public struct Route: Sendable, Equatable {
        /// nil: the default route.
        public var destination: String?
        public var gateway: String
        public init(destination: String? = nil, gateway: String) {
            self.destination = destination
            self.gateway = gateway
        }
    }

    /// The control planes' shared address, announced by Layer 2 on `link`.
    public struct VirtualIP: Sendable, Equatable {
        public var address: String
        public var link: String
        public init(address: String, link: String) {
            self.address = address
            self.link = link
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
    /// The installer image (an Image Factory URL when the plan names a schematic); nil: Talos's.
    public var installImage: String?
    public var localAPIServerPort: Int?
    /// Kernel parameters; written sorted by key, as Talos writes Go maps.
    public var sysctls: [(key: String, value: String)] = []
    /// nil: Talos's default (flannel).
    public var cni: CNI?
    public var registryMirrors: [RegistryMirror] = []

    // What kiln's plans drive beyond the golden inputs.
    /// Cilium replaces kube-proxy: `cluster.proxy.disabled` / `KubeProxyConfig.enabled: false`.
    public var kubeProxyDisabled = false
    public var kubePrismPort = 7445
    /// Added to Talos's own control-plane labels and taints; written sorted by key.
    public var nodeLabels: [(key: String, value: String)] = []
    public var nodeTaints: [(key: String, value: String)] = []
    /// nil: Talos picks a stable hostname (`auto: stable`).
    public var hostname: String?
    public var links: [Link] = []
    public var nameservers: [String] = []
    /// resolv.conf search domains (`ResolverConfig.searchDomains` / `machine.network.searchDomains`).
    public var searchDomains: [String] = []
    /// Written on control planes only.
    public var virtualIP: VirtualIP?

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
