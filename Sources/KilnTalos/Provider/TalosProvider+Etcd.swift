import Foundation
import KilnEngine
import KilnTalosAPI

/// `talos_etcd_healthy.cluster`, a gate: every control plane of the plan is a voting etcd
/// member, as the first control plane sees it.
extension TalosProvider {
    func waitForEtcd(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        guard let first = plan.controlPlanes.first else {
            return ResourceRecord(address: resource.address, attributes: resource.attributes)
        }
        let client = try await access.configuredClient("\(first.ip)", secrets: try secrets(context))
        let ids = try await TalosWait(options: options, context: context).until(
            "every control plane to be a voting etcd member", goal: "list every control plane as a voting etcd member",
            node: first.name, address: "\(first.ip)", within: TalosResources.etcdGateTimeout
        ) { () async throws -> TalosWait.Probe<[String]> in
            let members: [Machine_EtcdMember]
            do {
                members = try await client.etcdMemberList(deadline: .now + options.callTimeout).members
            } catch {
                return .notYet(error.seen)
            }
            var ids: [String] = []
            var missing: [String] = []
            for node in plan.controlPlanes {
                let address = "\(node.ip)"
                if let member = members.first(where: { $0.names(address) || $0.hostname == node.name }), !member.isLearner {
                    ids.append(String(member.id, radix: 16))
                } else {
                    missing.append(node.name)
                }
            }
            return missing.isEmpty ? .done(ids)
                : .notYet("\(ids.count) of \(plan.controlPlanes.count) voting members (missing: \(missing.joined(separator: ", ")))")
        }
        return ResourceRecord(address: resource.address, attributes: resource.attributes,
                              outputs: [TalosResources.Key.memberIDs: .list(ids.map { .string($0) })])
    }
}

extension Machine_EtcdMember {
    /// Whether this member's peer or client URLs point at `address`.
    func names(_ address: String) -> Bool {
        (peerUrls + clientUrls).contains { URL(string: $0)?.host == address }
    }
}
