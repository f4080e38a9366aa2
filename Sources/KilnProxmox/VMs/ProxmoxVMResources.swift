import KilnEngine
import KilnPlan

/// The Proxmox side of a plan: one `proxmox_vm.<node-name>` per plan node.
public enum ProxmoxVMResources {
    public static let type = "proxmox_vm"

    public static func address(of node: NodeSpec) -> ResourceAddress {
        ResourceAddress(type: type, name: node.name)
    }

    /// The plan's VMs, and the images they are made from when the plan names one.
    public static func resources(for plan: Plan) -> [Resource] {
        let usesImage = ProxmoxImageResources.image(for: plan) != nil
        let vms = plan.nodes.map { node in
            Resource(address: address(of: node), attributes: spec(for: node, in: plan).attributes,
                     forcesReplacement: ProxmoxVMSpec.replacementKeys,
                     dependencies: usesImage ? [ProxmoxImageResources.address(node: node.proxmoxNode)] : [])
        }
        return ProxmoxImageResources.resources(for: plan) + vms
    }

    static func spec(for node: NodeSpec, in plan: Plan) -> ProxmoxVMSpec {
        let proxmox = plan.proxmox, network = plan.network
        let source: ProxmoxVMSpec.Source = switch proxmox.source {
        case .template(let vmid): .template(vmid: vmid)
        case .image(let schematic, let platform, _, _): .image(TalosImage.vmSource(schematic: schematic, platform: platform))
        }
        return ProxmoxVMSpec(
            name: node.name, node: node.proxmoxNode, vmid: node.vmid, source: source, storage: proxmox.storage,
            pool: proxmox.pool, cores: node.resources.cores, sockets: node.resources.sockets, cpu: proxmox.cpu,
            memoryMiB: Int(node.resources.memory.mebibytesRoundedUp), diskGiB: Int(node.resources.disk.gibibytesRoundedUp),
            bridge: proxmox.bridge, vlan: proxmox.vlan, onBoot: proxmox.onBoot, guestAgent: proxmox.guestAgent,
            ipConfig: "ip=\(node.ip)/\(network.subnet.prefixLength),gw=\(network.gateway)",
            nameserver: network.nameservers.isEmpty ? nil : network.nameservers.map(\.description).joined(separator: " "),
            searchDomain: network.searchDomain, tags: ProxmoxVMSpec.tags(cluster: plan.name),
            description: "Talos \(node.role.rawValue) of cluster \(plan.name), managed by kiln: change it in the plan.")
    }
}
