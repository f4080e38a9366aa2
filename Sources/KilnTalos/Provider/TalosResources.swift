import KilnEngine
import KilnPlan

/// The Talos side of a cluster as engine resources, in the order a bootstrap needs them:
/// each node's config applied (`talos_config_apply.<node>`), etcd bootstrapped once on the
/// first control plane (`talos_bootstrap.cluster`), every control plane a voting member
/// (`talos_etcd_healthy.cluster`, a gate), then the admin kubeconfig
/// (`talos_kubeconfig.cluster`); the talosconfig (`talos_talosconfig.cluster`) needs only the
/// secrets. Every one depends on `talos_secrets.cluster`: the bundle reaches them as its output.
public enum TalosResources {
    public static let configApply = "talos_config_apply"
    public static let bootstrap = "talos_bootstrap"
    public static let etcdHealthy = "talos_etcd_healthy"
    public static let kubeconfig = "talos_kubeconfig"
    public static let talosconfig = "talos_talosconfig"
    public static let types: Set<String> = [configApply, bootstrap, etcdHealthy, kubeconfig, talosconfig]

    public static let bootstrapAddress = ResourceAddress(type: bootstrap, name: "cluster")
    public static let etcdHealthyAddress = ResourceAddress(type: etcdHealthy, name: "cluster")
    public static let kubeconfigAddress = ResourceAddress(type: kubeconfig, name: "cluster")
    public static let talosconfigAddress = ResourceAddress(type: talosconfig, name: "cluster")

    public static func configApplyAddress(_ node: NodeSpec) -> ResourceAddress {
        ResourceAddress(type: configApply, name: node.name)
    }

    enum Key {
        static let node = "node", address = "address", role = "role"
        static let talosVersion = "talos_version", kubernetesVersion = "kubernetes_version"
        /// SHA-256 of everything in the plan the node's config is made from (patch files'
        /// contents included), so any change shows in the plan without the secrets.
        static let configInputs = "config_inputs"
        static let members = "members", endpoint = "endpoint", path = "path"
        static let endpoints = "endpoints", nodes = "nodes"
        /// talosconfig: "valid" while the client certificate has more than 30 days left.
        static let certificate = "certificate"
        // Outputs.
        static let configSHA256 = "config_sha256", appliedMode = "applied_mode"
        static let bootstrappedBy = "bootstrapped_by", memberIDs = "member_ids"
        static let kubeconfigText = "kubeconfig", notAfter = "not_after"
    }

    /// How long etcd may take to count every control plane as a voting member.
    public static let etcdGateTimeout: Duration = .seconds(15 * 60)

    /// `machineOf` names the resource that runs a node (its VM): a node's config waits for it.
    public static func resources(for plan: Plan, files: TalosClusterFiles,
                                 machineOf: (NodeSpec) -> ResourceAddress?) throws -> [Resource] {
        try TalosPlanCheck.check(plan)
        let secrets = TalosSecretsResources.address
        var resources: [Resource] = []
        for node in plan.nodes {
            // The talosconfig first: destroy resets nodes with it, so it must outlive them.
            var dependencies: Set<ResourceAddress> = [secrets, talosconfigAddress]
            if let machine = machineOf(node) { dependencies.insert(machine) }
            resources.append(Resource(
                address: configApplyAddress(node),
                attributes: [
                    Key.node: .string(node.name), Key.address: .string("\(node.ip)"), Key.role: .string(node.role.rawValue),
                    Key.talosVersion: .string("\(plan.talos.version.tagged)"),
                    Key.kubernetesVersion: .string("\(plan.talos.kubernetes.tagged)"),
                    Key.configInputs: .string(try TalosConfigFingerprint.of(plan: plan, node: node)),
                ],
                // A node at another address is another machine: its config starts over.
                forcesReplacement: [Key.address],
                dependencies: dependencies))
        }
        let controlPlanes = plan.controlPlanes
        // Plan validation guarantees a control plane; without one there is nothing to bootstrap.
        if let first = controlPlanes.first {
            resources.append(Resource(
                address: bootstrapAddress,
                attributes: [Key.node: .string(first.name), Key.address: .string("\(first.ip)")],
                dependencies: [secrets, configApplyAddress(first)]))
            resources.append(Resource(
                address: etcdHealthyAddress, lifecycle: .gate(timeout: etcdGateTimeout),
                attributes: [Key.members: .list(controlPlanes.map { .string("\($0.ip)") })],
                dependencies: Set([secrets, bootstrapAddress] + controlPlanes.map(configApplyAddress))))
            resources.append(Resource(
                address: kubeconfigAddress,
                attributes: [Key.endpoint: .string(plan.controlPlaneEndpoint), Key.path: .string(files.kubeconfig)],
                sensitive: [Key.kubeconfigText],
                dependencies: [secrets, etcdHealthyAddress]))
        }
        resources.append(Resource(
            address: talosconfigAddress,
            attributes: [
                Key.path: .string(files.talosconfig),
                Key.endpoints: .list(controlPlanes.map { .string("\($0.ip)") }),
                Key.nodes: .list(plan.nodes.map { .string("\($0.ip)") }),
                Key.certificate: "valid",
            ],
            dependencies: [secrets]))
        return resources
    }
}
