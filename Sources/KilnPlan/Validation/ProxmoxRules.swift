/// Proxmox settings whose values must fall in ranges PVE accepts.
enum ProxmoxRules {
    /// PVE's VMID range.
    static let vmidRange = 100...999_999_999

    static func check(_ context: ValidationContext) {
        let proxmox = context.plan.proxmox
        if let vlan = proxmox.vlan, context.usable("proxmox.vlan"), !(1...4094).contains(vlan) {
            context.error("proxmox.vlan", "`proxmox.vlan` \(vlan) is outside 1–4094", fix: "use the VLAN tag of the node network, or remove `vlan` for untagged")
        }
        if case .template(let vmid) = proxmox.source, context.usable("proxmox.source", "proxmox.template"), !vmidRange.contains(vmid) {
            context.error("proxmox.template", "template VMID \(vmid) is outside Proxmox's range 100–999999999",
                          fix: "use the VMID of your Talos template VM (`qm list` shows it)")
        }
        for name in [proxmox.node] where context.usable("proxmox.node") && !isNodeName(name) {
            context.error("proxmox.node", "`proxmox.node` `\(name)` is not a valid Proxmox node name", fix: "use the node name shown in the PVE tree, e.g. `pve1`")
        }
        for index in context.nodeIndexes(with: "proxmoxNode") where context.sourceMap.location(of: "nodes[\(index)].proxmoxNode") != nil {
            let name = context.plan.nodes[index].proxmoxNode
            if !isNodeName(name) {
                context.error("nodes[\(index)].proxmoxNode", "`proxmoxNode` `\(name)` is not a valid Proxmox node name", fix: "use the node name shown in the PVE tree, e.g. `pve1`")
            }
        }
    }

    /// PVE node names are DNS labels (PVE allows upper case too).
    static func isNodeName(_ name: String) -> Bool {
        NameRules.isDNSLabel(name.lowercased())
    }
}
