import Foundation
import KilnEngine

/// Makes `talos_secrets.cluster`: generates a bundle shaped as `talosctl gen secrets` makes it,
/// or imports the plan's `secrets.yaml` (adopting a cluster made by talosctl or talhelper). It
/// touches nothing outside kiln's state, so refresh has nothing to read and delete only forgets.
public struct TalosSecretsProvider: ResourceProvider {
    typealias Key = TalosSecretsResources.Key

    /// Injectable so tests need not pay for an RSA-4096 key on every run.
    let generate: @Sendable () throws -> TalosSecretsBundle

    public init(generate: @escaping @Sendable () throws -> TalosSecretsBundle = { try TalosSecretsBundle.generate() }) {
        self.generate = generate
    }

    public var resourceTypes: Set<String> { [TalosSecretsResources.type] }

    public func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] { [:] }

    /// The default diff, with the warning a new identity deserves.
    public func diff(desired: Resource, current: ResourceRecord) -> ResourceChange {
        var change = AttributeDiff.change(desired: desired, current: current)
        if change.action == .replace {
            change.reason = "new secrets are a new cluster identity: every node must be reinstalled and etcd bootstrapped again"
        }
        return change
    }

    public func create(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        let bundle: TalosSecretsBundle
        if case .string(let path)? = resource.attributes[Key.file] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TalosSecretsError(source: path, field: "talos.secretsFile", problem: "cannot be read")
            }
            bundle = try TalosSecretsBundle.decode(yaml: String(decoding: data, as: UTF8.self), source: path)
        } else {
            bundle = try generate()
        }
        return ResourceRecord(address: resource.address, attributes: resource.attributes, sensitive: [Key.bundle],
                              outputs: [Key.bundle: .string(try bundle.encoded())])
    }

    public func update(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord {
        try await create(resource, context: context)
    }

    public func delete(_ record: ResourceRecord, context: OperationContext) async throws {}

    /// Nothing outside was touched before the record: making it again is safe.
    public func adopt(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        .nothingFound
    }
}

extension TalosSecretsResources {
    /// The bundle a record holds, as `secrets.yaml` text (for `kiln talos secrets export`).
    public static func bundleText(of record: ResourceRecord) -> String? { bundleText(in: record.outputs) }

    /// The same from the outputs a dependent receives (`OperationContext.dependencyOutputs`).
    static func bundleText(in outputs: Attributes) -> String? {
        if case .string(let text)? = outputs[Key.bundle] { text } else { nil }
    }
}
