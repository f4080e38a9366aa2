import Foundation
import KilnEngine
import KilnTalosAPI

/// `talos_bootstrap.cluster`: etcd bootstrapped exactly once, on the first control plane. A
/// cluster whose etcd already has members is recorded as bootstrapped without a call; "not
/// available yet" is waited out; "etcd data directory is not empty" means it was done.
extension TalosProvider {
    func bootstrap(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        let target = try target(resource.attributes, resource.address)
        let client = try await access.configuredClient(target.address, secrets: try secrets(context))
        if let members = try await etcdMembers(client), !members.isEmpty {
            return record(resource, by: "found \(members.count) etcd member(s): already bootstrapped")
        }
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ["address": target.address], step: "bootstrap"))
        let outcome = try await TalosWait(options: options, context: context).until(
            "etcd bootstrap on \(target.node.name) (\(target.address))", goal: "accept the etcd bootstrap",
            node: target.node.name, address: target.address, within: options.bootstrapWait
        ) { () async throws -> TalosWait.Probe<String> in
            do {
                _ = try await client.bootstrap(deadline: .now + options.callTimeout)
                return .done("bootstrapped")
            } catch let error as TalosClientError {
                switch error.grpcError?.code {
                case .alreadyExists?:
                    return .done("already bootstrapped (\(error.grpcError?.message ?? "AlreadyExists"))")
                case .failedPrecondition?, .unavailable?, nil:
                    // "Not available yet", or no answer at all: nothing reached etcd, or the
                    // answer was lost; the next attempt says which (OK or AlreadyExists).
                    return .notYet(error.seen)
                default:
                    throw TalosProviderError.call(node: target.node.name, address: target.address, what: "Bootstrap", error: error)
                }
            }
        }
        return record(resource, by: outcome)
    }

    /// A run died around the Bootstrap call: etcd members mean it happened (or someone else
    /// did it); none means the create may call it, and AlreadyExists covers a call in flight.
    func adoptBootstrap(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        guard let desired else { return .nothingFound }
        let target = try target(desired.attributes, desired.address)
        let client = try await access.configuredClient(target.address, secrets: try secrets(context))
        guard let members = try await etcdMembers(client), !members.isEmpty else { return .nothingFound }
        return .adopted(self.record(desired, by: "found \(members.count) etcd member(s) after an interrupted run"))
    }

    /// The members etcd lists; nil when the node cannot say yet (etcd not running).
    func etcdMembers(_ client: TalosMachineClient) async throws -> [Machine_EtcdMember]? {
        do {
            return try await client.etcdMemberList(deadline: .now + options.callTimeout).members
        } catch let error where error.grpcError != nil {
            return nil
        }
    }

    private func record(_ resource: Resource, by outcome: String) -> ResourceRecord {
        ResourceRecord(address: resource.address, attributes: resource.attributes,
                       outputs: [TalosResources.Key.bootstrappedBy: .string(outcome)])
    }
}
