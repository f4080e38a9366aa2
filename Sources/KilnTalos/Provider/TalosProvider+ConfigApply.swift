import Foundation
import KilnCrypto
import KilnEngine
import KilnPlan
import KilnTalosAPI

/// `talos_config_apply.<node>`: the node's machine config, sent once in maintenance mode (the
/// node installs and reboots into it), or again with AUTO mode when it changed.
extension TalosProvider {
    private enum NodePhase: Sendable {
        case maintenance
        /// Answers over mutual TLS with this cluster's admin identity: it has a config.
        case configured
    }

    struct Target: Sendable {
        var node: NodeSpec
        var address: String
    }

    func target(_ attributes: Attributes, _ address: ResourceAddress) throws -> Target {
        let name = TalosProvider.string(attributes, TalosResources.Key.node)
        guard let node = node(named: name) else { throw TalosProviderError.notInPlan(address, node: name) }
        return Target(node: node, address: TalosProvider.string(attributes, TalosResources.Key.address))
    }

    func applyFirstConfig(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        let target = try target(resource.attributes, resource.address)
        let secrets = try secrets(context)
        let config = try render(plan, target.node, secrets)
        let wait = TalosWait(options: options, context: context)
        let phase = try await wait.until(
            "Talos API on \(target.address):\(options.port)", goal: "answer in maintenance mode",
            node: target.node.name, address: target.address, within: options.maintenanceWait
        ) { () async throws -> TalosWait.Probe<NodePhase> in
            try await probePhase(target, secrets: secrets)
        }
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ["address": target.address], step: "apply-config"))
        let applied: Machine_ApplyConfiguration
        switch phase {
        case .maintenance:
            applied = try await send(config, to: target, client: try await access.maintenanceClient(target.address))
        case .configured:
            // A config is already there (an earlier run whose record was lost): make it ours.
            applied = try await send(config, to: target, client: try await access.configuredClient(target.address, secrets: secrets))
        }
        try await waitConfigured(target, secrets: secrets, context: context)
        return record(resource, config: config, mode: applied.mode)
    }

    func applyChangedConfig(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord {
        let target = try target(resource.attributes, resource.address)
        let secrets = try secrets(context)
        let config = try render(plan, target.node, secrets)
        try await rollout.waitForTurn(resource.address, controlPlane: target.node.role == .controlPlane,
                                      patience: options.healthyWait, context: context)
        defer { rollout.finished(resource.address) }
        let client = try await access.configuredClient(target.address, secrets: secrets)
        try await context.recordIntent(PendingIntent(operation: .update, outsideIDs: ["address": target.address], step: "apply-config"))
        let applied = try await send(config, to: target, client: client, mode: .auto)
        if applied.mode == .reboot { try await waitDown(target, client: client, context: context) }
        try await waitHealthy(target, client: client, context: context)
        return record(resource, config: config, mode: applied.mode)
    }

    /// An interrupted apply: a node that answers over mutual TLS took its config; one still in
    /// maintenance did not, and sending the config again is what the create does anyway.
    func adoptConfig(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        guard let desired, record.pending?.operation == .create else { return .nothingFound }
        let target = try target(desired.attributes, desired.address)
        let secrets = try secrets(context)
        guard case .done(.configured) = try await probePhase(target, secrets: secrets) else { return .nothingFound }
        let config = try render(plan, target.node, secrets)
        return .adopted(self.record(desired, config: config, mode: nil))
    }

    /// Destroy: a node that answers is reset (it leaves etcd and wipes itself) before its VM
    /// goes; one that does not answer is skipped, with the reason shown.
    func reset(_ record: ResourceRecord, context: OperationContext) async {
        let address = TalosProvider.string(record.attributes, TalosResources.Key.address)
        let name = TalosProvider.string(record.attributes, TalosResources.Key.node)
        do {
            let client = try await access.configuredClient(address, talosconfig: files.talosconfig)
            try await resetNode(client)
            context.report(waitingFor: "the reset of \(name) (\(address))", lastSeen: "accepted")
        } catch {
            context.report(waitingFor: "nothing: the reset of \(name) (\(address)) was skipped", lastSeen: error.seen)
        }
    }

    private func resetNode(_ client: TalosMachineClient) async throws {
        let deadline = ContinuousClock.now + options.resetTimeout
        do {
            _ = try await client.reset(graceful: true, reboot: false, deadline: deadline)
        } catch {
            // Refused (the last control plane cannot leave etcd gracefully): wipe it anyway.
            guard error.grpcError != nil else { throw error }
            _ = try await client.reset(graceful: false, reboot: false, deadline: deadline)
        }
    }

    // MARK: Steps

    private func probePhase(_ target: Target, secrets: TalosSecretsBundle) async throws -> TalosWait.Probe<NodePhase> {
        let deadline = ContinuousClock.now + .seconds(5)
        let client = try await access.maintenanceClient(target.address)
        let refusal: TalosClientError? = await {
            do {
                _ = try await client.version(deadline: deadline)
                return nil
            } catch {
                return error as? TalosClientError ?? .transport(endpoint: target.address, reason: "\(error)")
            }
        }()
        guard let refusal else { return .done(.maintenance) }
        guard case .tls = refusal else { return .notYet(refusal.seen) }
        // It wants a client certificate: it has a config. Is it this cluster's?
        do {
            _ = try await access.configuredClient(target.address, secrets: secrets).version(deadline: deadline)
            return .done(.configured)
        } catch {
            return .notYet(error.seen)
        }
    }

    private func send(_ config: Data, to target: Target, client: TalosMachineClient,
                      mode: Machine_ApplyConfigurationRequest.Mode = .auto) async throws -> Machine_ApplyConfiguration {
        do {
            return try await client.applyConfiguration(data: config, mode: mode, deadline: .now + options.callTimeout)
        } catch {
            if let grpc = error.grpcError, grpc.code == .invalidArgument {
                throw TalosProviderError.configRejected(node: target.node.name, address: target.address, reason: grpc.message)
            }
            throw TalosProviderError.call(node: target.node.name, address: target.address, what: "ApplyConfiguration", error: error)
        }
    }

    private func waitConfigured(_ target: Target, secrets: TalosSecretsBundle, context: OperationContext) async throws {
        let client = try await access.configuredClient(target.address, secrets: secrets)
        try await TalosWait(options: options, context: context).until(
            "\(target.node.name) to install its config and reboot", goal: "come back with its config (mutual TLS)",
            node: target.node.name, address: target.address, within: options.installWait
        ) { () async throws -> TalosWait.Probe<Void> in
            do {
                _ = try await client.version(deadline: .now + .seconds(5))
                return .done(())
            } catch {
                return .notYet(error.seen)
            }
        }
    }

    /// After a config that needs a reboot: until the node stops answering (bounded: a node that
    /// rebooted faster than the first probe is simply seen healthy).
    private func waitDown(_ target: Target, client: TalosMachineClient, context: OperationContext) async throws {
        let end = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < end {
            do {
                _ = try await client.version(deadline: .now + .seconds(2))
            } catch {
                return
            }
            context.report(waitingFor: "\(target.node.name) to reboot with its new config", lastSeen: "still up")
            try await context.pause(for: options.poll)
        }
    }

    /// Healthy: answers over mutual TLS and every service it runs reports healthy.
    private func waitHealthy(_ target: Target, client: TalosMachineClient, context: OperationContext) async throws {
        try await TalosWait(options: options, context: context).until(
            "\(target.node.name) to be healthy", goal: "be healthy again",
            node: target.node.name, address: target.address, within: options.healthyWait
        ) { () async throws -> TalosWait.Probe<Void> in
            do {
                let services = try await client.serviceList(deadline: .now + .seconds(5)).services
                let unhealthy = services.filter { !$0.health.healthy }.map { "\($0.id) \($0.state)" }
                return unhealthy.isEmpty ? .done(()) : .notYet("not healthy: " + unhealthy.joined(separator: ", "))
            } catch {
                return .notYet(error.seen)
            }
        }
    }

    private func record(_ resource: Resource, config: Data, mode: Machine_ApplyConfigurationRequest.Mode?) -> ResourceRecord {
        var outputs: Attributes = [TalosResources.Key.configSHA256: .string(Hex.encode(Digest.sha256.hash(Array(config))))]
        if let mode { outputs[TalosResources.Key.appliedMode] = .string("\(mode)") }
        return ResourceRecord(address: resource.address, attributes: resource.attributes, outputs: outputs)
    }
}

extension TalosClientError {
    /// What a wait shows as "last seen": short, without the endpoint the progress line names.
    var seen: String {
        switch self {
        case .unreachable(_, let reason), .transport(_, let reason): reason
        case .tls(_, _, let reason): "TLS: \(reason)"
        case .status(let error): "\(error)"
        case .node(let failure): "\(failure.error)"
        }
    }
}

extension Error {
    var seen: String { (self as? TalosClientError)?.seen ?? "\(self)" }
}
