import Foundation

/// A kiln plan of `vms` nodes for the lab, shaped like `plans/lab.yaml`: one control plane (a
/// plan needs one) and `vms - 1` workers, all cloned from template 9000, sized like the template
/// (10 GB: no resize step), with explicit addresses in 127.31.0.0/16 and pinned VMIDs from 2000.
/// Pinned rather than allocated: no `nextid` call per VM, and every run makes the same VMs.
struct GeneratedPlan {
    let vms: Int
    let endpoint: String

    static let firstVMID = 2000

    var yaml: String {
        var lines = [
            "# Written by kiln-bench: \(vms) VMs in the lab.",
            "name: bench",
            "proxmox:",
            "  endpoint: \(endpoint)",
            "  node: lab",
            "  template: 9000",
            "  storage: local-lvm",
            "talos:",
            "  version: v1.12.2",
            "  kubernetes: v1.35.0",
            "network:",
            "  subnet: 127.31.0.0/16",
            "  gateway: 127.31.0.1",
            "  nameservers: [127.31.0.1]",
            "  vip: 127.31.0.2",
            "defaults:",
            "  controlplane: {cores: 2, memory: 2GiB, disk: 10GB}",
            "  worker: {cores: 2, memory: 2GiB, disk: 10GB}",
            "nodes:",
            "  - {name: bench-cp-1, role: controlplane, ip: 127.31.0.10, vmid: \(Self.firstVMID)}",
        ]
        for index in 1..<max(vms, 1) {
            // 250 addresses per /24 from 127.31.1.0: room for 63,750 workers.
            let ip = "127.31.\(1 + (index - 1) / 250).\(1 + (index - 1) % 250)"
            lines.append("  - {name: \(String(format: "bench-w-%04d", index)), role: worker, ip: \(ip), vmid: \(Self.firstVMID + index)}")
        }
        lines += ["cilium:", "  version: 1.20.0", "  clusterID: 3"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `--target` for every VM: the Proxmox rows measure the VMs alone, not the Talos side.
    var vmTargets: [String] {
        ["--target", "proxmox_vm.bench-cp-1"]
            + (1..<max(vms, 1)).flatMap { ["--target", "proxmox_vm." + String(format: "bench-w-%04d", $0)] }
    }

    func write(to url: URL) throws {
        try Data(yaml.utf8).write(to: url)
    }
}
