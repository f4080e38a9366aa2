import Foundation
import KilnEngine
import KilnPlan
import KilnTalosAPI
import Yams

/// The client files: `talos_kubeconfig.cluster` (the admin kubeconfig from the Kubeconfig RPC,
/// its server set to the plan's endpoint) and `talos_talosconfig.cluster` (the admin client
/// certificate, renewed when less than 30 days remain). Both 0600 in `.kiln/<cluster>/`.
extension TalosProvider {
    func fetchKubeconfig(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        let secrets = try secrets(context)
        let endpoint = TalosProvider.string(resource.attributes, TalosResources.Key.endpoint)
        let path = TalosProvider.string(resource.attributes, TalosResources.Key.path)
        var lastFailure: (node: NodeSpec, error: TalosClientError)?
        // Any control plane can issue it; the first that answers does.
        for node in plan.controlPlanes {
            let file: Data
            do {
                file = try await access.configuredClient("\(node.ip)", secrets: secrets).kubeconfig(deadline: .now + options.callTimeout)
            } catch let error as TalosClientError {
                lastFailure = (node, error)
                continue
            }
            let text = try Self.pointing(kubeconfig: file, at: endpoint)
            do {
                try PrivateFile.write(Array(text.utf8), to: path)
            } catch {
                throw TalosProviderError.file(path: path, reason: "\(error)")
            }
            return ResourceRecord(address: resource.address, attributes: resource.attributes,
                                  sensitive: [TalosResources.Key.kubeconfigText],
                                  outputs: [TalosResources.Key.kubeconfigText: .string(text)])
        }
        guard let lastFailure else { throw TalosProviderError.notInPlan(resource.address, node: "any control plane") }
        throw TalosProviderError.call(node: lastFailure.node.name, address: "\(lastFailure.node.ip)", what: "Kubeconfig",
                                      error: lastFailure.error)
    }

    /// The kubeconfig with every cluster's `server` set to the plan's endpoint (the VIP): the
    /// node may name itself, and the VIP is what survives a control plane going away.
    static func pointing(kubeconfig data: Data, at endpoint: String) throws -> String {
        guard var root = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) as? [String: Any],
              var clusters = root["clusters"] as? [[String: Any]], !clusters.isEmpty
        else {
            throw TalosClientError.status(.protocolViolation("the node's kubeconfig has no clusters"))
        }
        for index in clusters.indices {
            var cluster = clusters[index]["cluster"] as? [String: Any] ?? [:]
            cluster["server"] = endpoint
            clusters[index]["cluster"] = cluster
        }
        root["clusters"] = clusters
        return try Yams.dump(object: root, sortKeys: true)
    }

    /// Keeps a certificate with more than 30 days left; endpoints follow the plan.
    func writeTalosconfig(_ resource: Resource, current: ResourceRecord?, context: OperationContext) async throws -> ResourceRecord {
        let secrets = try secrets(context)
        let path = TalosProvider.string(resource.attributes, TalosResources.Key.path)
        do {
            try TalosconfigFile.write(clusterName: plan.name, endpoints: plan.controlPlanes.map { "\($0.ip)" },
                                      nodes: plan.nodes.map { "\($0.ip)" }, secrets: secrets, to: path)
        } catch {
            throw TalosProviderError.file(path: path, reason: "\(error)")
        }
        return ResourceRecord(address: resource.address, attributes: resource.attributes)
    }

    /// Files deleted or certificates near their end show as changes: the next apply writes them.
    public func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] {
        var outcomes: [ResourceAddress: RefreshOutcome] = [:]
        for record in records {
            let path = TalosProvider.string(record.attributes, TalosResources.Key.path)
            switch record.address.type {
            case TalosResources.kubeconfig:
                if !FileManager.default.fileExists(atPath: path) { outcomes[record.address] = .absent }
            case TalosResources.talosconfig:
                guard let config = try? TalosconfigFile.read(path), let context = config.currentContext
                else {
                    outcomes[record.address] = .absent
                    continue
                }
                var seen = record
                seen.attributes[TalosResources.Key.endpoints] = .list(context.endpoints.map { .string($0) })
                seen.attributes[TalosResources.Key.nodes] = .list(context.nodes.map { .string($0) })
                if context.needsRenewal() {
                    seen.attributes[TalosResources.Key.certificate] =
                        .string("expires \(ISO8601DateFormatter().string(from: context.certificate.notAfter)): renew")
                }
                if seen != record { outcomes[record.address] = .present(seen) }
            default:
                break
            }
        }
        return outcomes
    }
}
