import Foundation
import KilnEngine
import KilnPlan
import KilnTalosAPI

/// The Talos provider: applies each node's machine config, bootstraps etcd once, waits for the
/// control planes to join it, fetches the admin kubeconfig and writes the talosconfig. It talks
/// to the nodes' machine API (KilnTalosAPI) on their plan addresses; the secrets bundle reaches
/// every operation as `talos_secrets.cluster`'s output.
public struct TalosProvider: ResourceProvider {
    let plan: Plan
    let files: TalosClusterFiles
    let options: TalosProviderOptions
    let access: TalosAccess
    let rollout: TalosRollout
    /// Renders a node's machine config; the plan's own renderer unless a test swaps it.
    let render: @Sendable (Plan, NodeSpec, TalosSecretsBundle) throws -> Data

    public init(plan: Plan, files: TalosClusterFiles, options: TalosProviderOptions = TalosProviderOptions(),
                render: (@Sendable (Plan, NodeSpec, TalosSecretsBundle) throws -> Data)? = nil) {
        self.plan = plan
        self.files = files
        self.options = options
        access = TalosAccess(options: options)
        rollout = TalosRollout()
        self.render = render ?? { plan, node, secrets in Data(try TalosNodeConfig.generate(for: node, in: plan, secrets: secrets).utf8) }
    }

    public var resourceTypes: Set<String> { TalosResources.types }

    public func diff(desired: Resource, current: ResourceRecord) -> ResourceChange {
        let change = AttributeDiff.change(desired: desired, current: current)
        if desired.address.type == TalosResources.configApply, change.action == .update {
            rollout.expect(desired.address, controlPlane: desired.attributes[TalosResources.Key.role] == "controlplane")
        }
        return change
    }

    public func create(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        switch resource.address.type {
        case TalosResources.configApply: try await applyFirstConfig(resource, context: context)
        case TalosResources.bootstrap: try await bootstrap(resource, context: context)
        case TalosResources.etcdHealthy: try await waitForEtcd(resource, context: context)
        case TalosResources.kubeconfig: try await fetchKubeconfig(resource, context: context)
        default: try await writeTalosconfig(resource, current: nil, context: context)
        }
    }

    public func update(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord {
        switch resource.address.type {
        case TalosResources.configApply: try await applyChangedConfig(resource, current: current, context: context)
        case TalosResources.kubeconfig: try await fetchKubeconfig(resource, context: context)
        case TalosResources.talosconfig: try await writeTalosconfig(resource, current: current, context: context)
        // The first control plane's name or address changed: etcd is bootstrapped all the same.
        default: ResourceRecord(address: resource.address, attributes: resource.attributes, outputs: current.outputs)
        }
    }

    public func delete(_ record: ResourceRecord, context: OperationContext) async throws {
        switch record.address.type {
        case TalosResources.configApply: await reset(record, context: context)
        case TalosResources.kubeconfig, TalosResources.talosconfig:
            if case .string(let path)? = record.attributes[TalosResources.Key.path] { try? FileManager.default.removeItem(atPath: path) }
        default: break
        }
    }

    public func adopt(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        switch record.address.type {
        case TalosResources.configApply: try await adoptConfig(record, desired: desired, context: context)
        case TalosResources.bootstrap: try await adoptBootstrap(record, desired: desired, context: context)
        // Waits and files: doing them again is harmless.
        default: .nothingFound
        }
    }

    // MARK: Shared lookups

    func secrets(_ context: OperationContext) throws -> TalosSecretsBundle {
        guard let outputs = context.dependencyOutputs[TalosSecretsResources.address],
              let text = TalosSecretsResources.bundleText(in: outputs)
        else {
            throw TalosProviderError.noSecrets("\(context.address) did not receive talos_secrets.cluster's bundle")
        }
        return try TalosSecretsBundle.decode(yaml: text, source: "talos_secrets.cluster")
    }

    func node(named name: String) -> NodeSpec? { plan.nodes.first { $0.name == name } }

    static func string(_ attributes: Attributes, _ key: String) -> String {
        if case .string(let value)? = attributes[key] { value } else { "" }
    }
}
