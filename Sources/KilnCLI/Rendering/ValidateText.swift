import KilnPlan

/// The text output of `kiln validate`: diagnostics, then one line per plan, then (with
/// `--summary`) a table of the plan's nodes and addresses.
enum ValidateText {
    static func render(_ report: PlanReport, summary: Bool) -> String {
        var lines = report.diagnostics.map(DiagnosticRenderer.render)
        guard let plan = report.plan else {
            lines.append("\(report.file): \(DiagnosticRenderer.counts(errors: report.errorCount, warnings: report.warningCount))")
            return lines.joined(separator: "\n")
        }
        lines.append("\(report.file): ok — \(oneLine(plan))")
        if summary { lines += table(plan) }
        return lines.joined(separator: "\n")
    }

    static func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : (pluralForm ?? singular + "s"))"
    }

    /// `lab, 5 nodes (3 control planes, 2 workers), VIP …, Talos … / Kubernetes …, Cilium ID 3`.
    static func oneLine(_ plan: Plan) -> String {
        var roles = [plural(plan.controlPlanes.count, "control plane")]
        if !plan.workers.isEmpty { roles.append(plural(plan.workers.count, "worker")) }
        return "\(plan.name), \(plural(plan.nodes.count, "node")) (\(roles.joined(separator: ", "))), VIP \(plan.network.vip), "
            + "Talos \(plan.talos.version.tagged) / Kubernetes \(plan.talos.kubernetes.tagged), Cilium ID \(plan.cilium.clusterID)"
    }

    static func table(_ plan: Plan) -> [String] {
        let header = ["NODE", "ROLE", "IP", "VMID", "CORES", "MEMORY", "DISK", "PROXMOX NODE"]
        let rows = plan.nodes.map { node in
            [node.name, node.role.rawValue, node.ip.description, node.vmid.map(String.init) ?? "auto",
             node.resources.sockets > 1 ? "\(node.resources.sockets)x\(node.resources.cores)" : String(node.resources.cores),
             node.resources.memory.description, node.resources.disk.description, node.proxmoxNode]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func format(_ row: [String]) -> String {
            let padded = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            return "  " + padded.joined(separator: "  ")
        }
        var lines = [format(header)] + rows.map(format)
        let network = plan.network
        var facts: [(String, String)] = [
            ("VIP", "\(network.vip) (\(plan.controlPlaneEndpoint))"),
            ("Subnet", "\(network.subnet), gateway \(network.gateway)"),
            ("Pod CIDR", network.podCIDR.description),
            ("Service CIDR", network.serviceCIDR.description),
            ("Cilium", "\(plan.cilium.version.plain), cluster name \(plan.name), ID \(plan.cilium.clusterID)"),
        ]
        if let mesh = plan.cilium.clusterMesh {
            facts.append(("ClusterMesh", "\(mesh.name), endpoint \(mesh.endpoint):2379"))
        } else {
            facts.append(("ClusterMesh", "none"))
        }
        facts.append(("LB pool", plan.cilium.loadBalancerPool.isEmpty ? "none" : plan.cilium.loadBalancerPool.map(\.description).joined(separator: ", ")))
        if let gitops = plan.gitops {
            facts.append(("GitOps", "Flux \(gitops.flux.tagged), \(gitops.repository) \(gitops.branch):\(gitops.path)"))
        }
        let labelWidth = facts.map(\.0.count).max() ?? 0
        lines += facts.map { "  \($0.0.padding(toLength: labelWidth, withPad: " ", startingAt: 0))  \($0.1)" }
        return lines
    }
}
