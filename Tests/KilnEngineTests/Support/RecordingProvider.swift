import KilnEngine
import Synchronization

/// A `ResourceProvider` that keeps its "outside world" in memory and logs every call, for
/// checking what each planned action turns into.
final class RecordingProvider: ResourceProvider {
    let resourceTypes: Set<String> = ["test_vm", "test_gate"]
    private let calls = Mutex<[String]>([])
    private let adoption: AdoptionOutcome

    init(adoption: AdoptionOutcome = .nothingFound) {
        self.adoption = adoption
    }

    var log: [String] { calls.withLock { $0 } }

    private func note(_ call: String) { calls.withLock { $0.append(call) } }

    func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] { [:] }

    func create(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        try await context.recordIntent(PendingIntent(operation: .create))
        note("create \(resource.address)")
        return ResourceRecord(address: resource.address, attributes: resource.attributes,
                              outputs: ["id": .string("new-\(resource.address.name)")], dependencies: resource.dependencies)
    }

    func update(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord {
        try await context.recordIntent(PendingIntent(operation: .update))
        note("update \(resource.address)")
        var record = current
        record.attributes = resource.attributes
        return record
    }

    func delete(_ record: ResourceRecord, context: OperationContext) async throws {
        try await context.recordIntent(PendingIntent(operation: .delete))
        note("delete \(record.address)")
    }

    func adopt(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        note("adopt \(record.address)")
        return adoption
    }
}
