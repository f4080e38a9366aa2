import KilnEngine
import Synchronization

/// A `ResourceProvider` that keeps its "outside world" in memory and logs every call, for
/// checking what each planned action turns into. Its refresh answers what `refreshAnswers`
/// says (nothing, by default: "unchanged"), or throws `refreshFailure`.
final class RecordingProvider: ResourceProvider {
    struct RefreshFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    let resourceTypes: Set<String>
    private let calls = Mutex<[String]>([])
    private let adoption: AdoptionOutcome
    private let answers = Mutex<[ResourceAddress: RefreshOutcome]>([:])
    private let refreshFailure: String?

    init(adoption: AdoptionOutcome = .nothingFound, resourceTypes: Set<String> = ["test_vm", "test_gate"],
         refreshAnswers: [ResourceAddress: RefreshOutcome] = [:], refreshFailure: String? = nil) {
        self.adoption = adoption
        self.resourceTypes = resourceTypes
        self.refreshFailure = refreshFailure
        answers.withLock { $0 = refreshAnswers }
    }

    /// What the next refreshes answer.
    func setRefreshAnswers(_ outcomes: [ResourceAddress: RefreshOutcome]) { answers.withLock { $0 = outcomes } }

    /// The refresh calls only, e.g. `["refresh test_vm.a test_vm.b"]`.
    var refreshes: [String] { log.filter { $0.hasPrefix("refresh") } }

    var log: [String] { calls.withLock { $0 } }

    private func note(_ call: String) { calls.withLock { $0.append(call) } }

    func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] {
        note((["refresh"] + records.map(\.address.description)).joined(separator: " "))
        if let refreshFailure { throw RefreshFailed(message: refreshFailure) }
        return answers.withLock { $0 }
    }

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
