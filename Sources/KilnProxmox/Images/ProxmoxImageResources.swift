import KilnEngine
import KilnPlan

/// `proxmox_image.<proxmox-node>`: the Talos image a plan's VMs are made from, downloaded once
/// per Proxmox node that gets VMs (on shared storage the later downloads find the file there).
public enum ProxmoxImageResources {
    public static let type = "proxmox_image"

    enum Key {
        static let node = "node", storage = "storage", url = "url", filename = "filename"
    }

    public static func address(node: String) -> ResourceAddress { ResourceAddress(type: type, name: node) }

    /// The image `plan` uses, or nil when its VMs are cloned from a template.
    static func image(for plan: Plan) -> (image: TalosImage, storage: String)? {
        guard case .image(let schematic, let platform, let storage, let factory) = plan.proxmox.source else { return nil }
        return (TalosImage(schematic: schematic, version: plan.talos.version.tagged, platform: platform, factory: factory), storage)
    }

    static func resources(for plan: Plan) -> [Resource] {
        guard let (image, storage) = image(for: plan) else { return [] }
        let nodes = Set(plan.nodes.map(\.proxmoxNode)).sorted()
        return nodes.map { node in
            Resource(address: address(node: node),
                     attributes: [Key.node: .string(node), Key.storage: .string(storage), Key.url: .string(image.url),
                                  Key.filename: .string(image.filename)],
                     // A new version or mirror is a new download, not a replacement: VMs keep their
                     // disks, and nothing the user holds is lost.
                     forcesReplacement: [])
        }
    }
}
