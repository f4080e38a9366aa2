import Foundation
import KilnPlan

/// `kiln validate --json`: a stable, versioned report for CI and editors.
///
///     {"version":1,"plans":[{"file":…,"valid":true,"diagnostics":[…],"summary":{…}}]}
///
/// Keys are sorted; `line`/`column` are null when a problem has no position (unreadable file);
/// `fix` is null when there is none; `summary` is null for an invalid plan.
enum ValidateJSON {
    struct Document: Encodable {
        let version = 1
        let plans: [PlanEntry]
    }

    struct PlanEntry: Encodable {
        let file: String
        let valid: Bool
        let diagnostics: [DiagnosticEntry]
        let summary: Summary?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(valid, forKey: .valid)
            try container.encode(diagnostics, forKey: .diagnostics)
            try container.encode(summary, forKey: .summary)   // explicit null when invalid
        }

        enum CodingKeys: String, CodingKey { case file, valid, diagnostics, summary }
    }

    struct DiagnosticEntry: Encodable {
        let severity: String
        let file: String
        let line: Int?
        let column: Int?
        let message: String
        let fix: String?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(severity, forKey: .severity)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(message, forKey: .message)
            try container.encode(fix, forKey: .fix)
        }

        enum CodingKeys: String, CodingKey { case severity, file, line, column, message, fix }
    }

    struct Summary: Encodable {
        let name: String
        let talos: String
        let kubernetes: String
        let vip: String
        let apiEndpoint: String
        let subnet: String
        let gateway: String
        let podCIDR: String
        let serviceCIDR: String
        let nodes: [NodeEntry]
        let cilium: CiliumEntry
    }

    struct NodeEntry: Encodable {
        let name: String
        let role: String
        let ip: String
        let vmid: Int?
        let cores: Int
        let sockets: Int
        let memory: String
        let memoryBytes: UInt64
        let disk: String
        let diskBytes: UInt64
        let proxmoxNode: String

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(role, forKey: .role)
            try container.encode(ip, forKey: .ip)
            try container.encode(vmid, forKey: .vmid)
            try container.encode(cores, forKey: .cores)
            try container.encode(sockets, forKey: .sockets)
            try container.encode(memory, forKey: .memory)
            try container.encode(memoryBytes, forKey: .memoryBytes)
            try container.encode(disk, forKey: .disk)
            try container.encode(diskBytes, forKey: .diskBytes)
            try container.encode(proxmoxNode, forKey: .proxmoxNode)
        }

        enum CodingKeys: String, CodingKey { case name, role, ip, vmid, cores, sockets, memory, memoryBytes, disk, diskBytes, proxmoxNode }
    }

    struct CiliumEntry: Encodable {
        let version: String
        let clusterName: String
        let clusterID: Int
        let maxConnectedClusters: Int
        let mesh: String?
        let meshEndpoint: String?
        let loadBalancerPool: [String]

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(clusterName, forKey: .clusterName)
            try container.encode(clusterID, forKey: .clusterID)
            try container.encode(maxConnectedClusters, forKey: .maxConnectedClusters)
            try container.encode(mesh, forKey: .mesh)
            try container.encode(meshEndpoint, forKey: .meshEndpoint)
            try container.encode(loadBalancerPool, forKey: .loadBalancerPool)
        }

        enum CodingKeys: String, CodingKey { case version, clusterName, clusterID, maxConnectedClusters, mesh, meshEndpoint, loadBalancerPool }
    }

    static func render(_ reports: [PlanReport]) throws -> String {
        let document = Document(plans: reports.map(entry))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    static func entry(_ report: PlanReport) -> PlanEntry {
        PlanEntry(file: report.file, valid: report.isValid,
                  diagnostics: report.diagnostics.map {
                      DiagnosticEntry(severity: $0.severity.rawValue, file: $0.location.file,
                                      line: $0.location.hasPosition ? $0.location.line : nil,
                                      column: $0.location.hasPosition ? $0.location.column : nil,
                                      message: $0.message, fix: $0.fix)
                  },
                  summary: report.plan.map(summary))
    }

    static func summary(_ plan: Plan) -> Summary {
        Summary(name: plan.name, talos: plan.talos.version.tagged, kubernetes: plan.talos.kubernetes.tagged,
                vip: plan.network.vip.description, apiEndpoint: plan.controlPlaneEndpoint,
                subnet: plan.network.subnet.description, gateway: plan.network.gateway.description,
                podCIDR: plan.network.podCIDR.description, serviceCIDR: plan.network.serviceCIDR.description,
                nodes: plan.nodes.map {
                    NodeEntry(name: $0.name, role: $0.role.rawValue, ip: $0.ip.description, vmid: $0.vmid,
                              cores: $0.resources.cores, sockets: $0.resources.sockets,
                              memory: $0.resources.memory.description, memoryBytes: $0.resources.memory.bytes,
                              disk: $0.resources.disk.description, diskBytes: $0.resources.disk.bytes,
                              proxmoxNode: $0.proxmoxNode)
                },
                cilium: CiliumEntry(version: plan.cilium.version.plain, clusterName: plan.name,
                                    clusterID: plan.cilium.clusterID, maxConnectedClusters: plan.cilium.maxConnectedClusters,
                                    mesh: plan.cilium.clusterMesh?.name, meshEndpoint: plan.cilium.clusterMesh?.endpoint.description,
                                    loadBalancerPool: plan.cilium.loadBalancerPool.map(\.description)))
    }
}
