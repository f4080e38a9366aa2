import KilnPlan

/// One plan node's machine config: what the plan drives, turned into a `TalosConfigInput`, then
/// generated with the node's patches applied. Same plan, bundle and patch files: same bytes.
public enum TalosNodeConfig {
    /// The node's link for its static address, routes and the VIP. Proxmox gives a VM's first
    /// VirtIO NIC (`net0`) PCI slot 18, and Talos (predictable interface names, v1.5+) calls it
    /// `ens18`. Other hardware: pass another name, or patch the `LinkConfig`.
    public static let defaultLink = "ens18"
    public static let kubePrismPort = 7445

    /// The input for `node`: cluster name and `https://VIP:6443`, the node's static address and
    /// default route, hostname, nameservers, pod/service CIDRs, DNS domain, no CNI and no
    /// kube-proxy (Cilium replaces both), KubePrism, cert SANs (VIP and control-plane IPs), install
    /// disk and image, Kubernetes version, labels and taints, scheduling on control planes when
    /// the plan has no workers, and the control planes' VIP.
    public static func input(for node: NodeSpec, in plan: Plan, secrets: TalosSecretsBundle,
                             link: String = defaultLink) throws(TalosConfigError) -> TalosConfigInput {
        let network = plan.network
        var input = TalosConfigInput(
            role: node.role == .controlPlane ? .controlplane : .worker,
            contract: try TalosContract.named(plan.talos.version.tagged),
            clusterName: plan.name, endpoint: plan.controlPlaneEndpoint,
            kubernetesVersion: plan.talos.kubernetes.plain, secrets: secrets)
        input.additionalCertSANs = ["\(network.vip)"] + plan.controlPlanes.map { "\($0.ip)" }
        input.allowSchedulingOnControlPlanes = plan.workers.isEmpty
        input.dnsDomain = network.dnsDomain
        input.podSubnets = ["\(network.podCIDR)"]
        input.serviceSubnets = ["\(network.serviceCIDR)"]
        input.installDisk = plan.talos.installDisk
        input.installImage = TalosInstallerImage.reference(for: plan)
        input.cni = .init(name: "none")
        input.kubeProxyDisabled = true
        input.kubePrismPort = kubePrismPort
        input.nodeLabels = node.labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        // Talos's `nodeTaints` map: key → `value:Effect`; a taint without a value is `:Effect`.
        input.nodeTaints = node.taints.map { ($0.key, "\($0.value ?? ""):\($0.effect.rawValue)") }
        input.hostname = node.name
        input.links = [.init(name: link, addresses: ["\(node.ip)/\(network.subnet.prefixLength)"],
                             routes: [.init(gateway: "\(network.gateway)")])]
        input.nameservers = network.nameservers.map { "\($0)" }
        input.searchDomains = network.searchDomain.map { [$0] } ?? []
        input.virtualIP = .init(address: "\(network.vip)", link: link)
        return input
    }

    /// The node's config text with its patches applied (cluster, role, node). Throws
    /// `TalosConfigError` for an unsupported version and `TalosPatchError` for a patch that
    /// cannot be read or does not apply.
    public static func generate(for node: NodeSpec, in plan: Plan, secrets: TalosSecretsBundle,
                                link: String = defaultLink, sourceMap: SourceMap? = nil) throws -> String {
        let input = try input(for: node, in: plan, secrets: secrets, link: link)
        let patches = try TalosPlanPatches.patches(for: node, in: plan, sourceMap: sourceMap)
        return try TalosMachineConfig.generate(input, applying: patches)
    }

    /// `generate(for:in:…)` for the node named `name`; nil when the plan has no such node.
    public static func generate(node name: String, in plan: Plan, secrets: TalosSecretsBundle,
                                link: String = defaultLink, sourceMap: SourceMap? = nil) throws -> String? {
        guard let node = plan.nodes.first(where: { $0.name == name }) else { return nil }
        return try generate(for: node, in: plan, secrets: secrets, link: link, sourceMap: sourceMap)
    }
}
