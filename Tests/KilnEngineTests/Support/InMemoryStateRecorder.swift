import KilnEngine

/// A `StateRecorder` in memory, logging to a timeline, that can be told to fail for chosen
/// addresses.
actor InMemoryStateRecorder: StateRecorder {
    struct WriteFailed: Error, CustomStringConvertible {
        var address: ResourceAddress
        var description: String { "disk full writing \(address)" }
    }

    let timeline: Timeline
    private var records: [ResourceAddress: ResourceRecord] = [:]
    private let failingIntents: Set<ResourceAddress>
    private let failingResults: Set<ResourceAddress>
    private(set) var resultWrites = 0

    init(timeline: Timeline = Timeline(), initial: [ResourceRecord] = [],
         failingIntents: Set<ResourceAddress> = [], failingResults: Set<ResourceAddress> = []) {
        self.timeline = timeline
        self.failingIntents = failingIntents
        self.failingResults = failingResults
        for record in initial { records[record.address] = record }
    }

    func record(for address: ResourceAddress) async -> ResourceRecord? { records[address] }

    func recordIntent(_ intent: PendingIntent, for address: ResourceAddress) async throws {
        if failingIntents.contains(address) { throw WriteFailed(address: address) }
        var record = records[address] ?? ResourceRecord(address: address, status: .tainted)
        record.pending = intent
        records[address] = record
        timeline.append(.intentRecorded(address))
    }

    func recordResult(_ record: ResourceRecord?, for address: ResourceAddress) async throws {
        if failingResults.contains(address) { throw WriteFailed(address: address) }
        records[address] = record
        resultWrites += 1
        timeline.append(.resultRecorded(address))
    }

    var allRecords: [ResourceAddress: ResourceRecord] { records }
}
