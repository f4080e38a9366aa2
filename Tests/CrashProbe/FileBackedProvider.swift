import Foundation
import KilnEngine
#if canImport(Glibc)
import Glibc
#endif

/// A provider whose "outside world" is a folder: each created object is a file under
/// `objects/`, and every create, update and delete appends a line to `effects.log`. Between
/// the steps of each operation it passes a checkpoint, where the crash probe can kill itself.
struct FileBackedProvider: ResourceProvider {
    let world: URL
    let checkpoints: Checkpoints
    /// How long each create takes, so tests can interrupt a run in the middle.
    var createDuration: Duration = .zero

    var resourceTypes: Set<String> { ["probe_object"] }

    private var objects: URL { world.appendingPathComponent("objects") }
    private func objectFile(_ address: ResourceAddress) -> URL { objects.appendingPathComponent(address.description) }

    func refresh(_ records: [ResourceRecord]) async throws -> [ResourceAddress: RefreshOutcome] {
        var outcomes: [ResourceAddress: RefreshOutcome] = [:]
        for record in records where record.pending == nil {
            outcomes[record.address] = try read(record.address).map { .present(merge($0, into: record)) } ?? .absent
        }
        return outcomes
    }

    func create(_ resource: Resource, context: OperationContext) async throws -> ResourceRecord {
        let id = Self.outsideID(for: resource.address)
        checkpoints.pass("before intent to create \(resource.address)")
        try await context.recordIntent(PendingIntent(operation: .create, outsideIDs: ["id": id]))
        checkpoints.pass("before creating \(resource.address)")
        if createDuration > .zero {
            context.report(waitingFor: "the object to be made", lastSeen: "started")
            try await Task.sleep(for: createDuration)
        }
        try write(resource.attributes, for: resource.address)
        try appendEffect("create \(resource.address) id=\(id)")
        checkpoints.pass("after creating \(resource.address)")
        return record(for: resource, id: id)
    }

    func update(_ resource: Resource, current: ResourceRecord, context: OperationContext) async throws -> ResourceRecord {
        let id = current.outsideIDs["id"] ?? Self.outsideID(for: resource.address)
        try await context.recordIntent(PendingIntent(operation: .update, outsideIDs: ["id": id]))
        checkpoints.pass("before updating \(resource.address)")
        try write(resource.attributes, for: resource.address)
        try appendEffect("update \(resource.address)")
        return record(for: resource, id: id)
    }

    func delete(_ record: ResourceRecord, context: OperationContext) async throws {
        try await context.recordIntent(PendingIntent(operation: .delete, outsideIDs: record.outsideIDs))
        checkpoints.pass("before deleting \(record.address)")
        guard FileManager.default.fileExists(atPath: objectFile(record.address).path) else { return }
        try FileManager.default.removeItem(at: objectFile(record.address))
        try appendEffect("delete \(record.address)")
        checkpoints.pass("after deleting \(record.address)")
    }

    /// Finds what a dead run left: the object file is the outside world's answer.
    func adopt(_ record: ResourceRecord, desired: Resource?, context: OperationContext) async throws -> AdoptionOutcome {
        guard let attributes = try read(record.address) else { return .nothingFound }
        if record.pending?.operation == .delete { return .nothingFound }
        guard let desired, attributes == desired.attributes else {
            // Left half-way towards something else: let the operation run again.
            return .nothingFound
        }
        return .adopted(self.record(for: desired, id: record.pending?.outsideIDs["id"] ?? Self.outsideID(for: record.address)))
    }

    // MARK: The folder

    /// Known before the effect, like a VMID picked before a clone.
    static func outsideID(for address: ResourceAddress) -> String {
        String(address.description.utf8.reduce(UInt32(2166136261)) { ($0 ^ UInt32($1)) &* 16777619 }, radix: 16)
    }

    private func record(for resource: Resource, id: String) -> ResourceRecord {
        ResourceRecord(address: resource.address, attributes: resource.attributes, sensitive: resource.sensitive,
                       outsideIDs: ["id": id], outputs: ["id": .string(id)], dependencies: resource.dependencies)
    }

    private func merge(_ attributes: Attributes, into record: ResourceRecord) -> ResourceRecord {
        var refreshed = record
        refreshed.attributes = attributes
        return refreshed
    }

    private func read(_ address: ResourceAddress) throws -> Attributes? {
        guard let data = FileManager.default.contents(atPath: objectFile(address).path) else { return nil }
        return try JSONDecoder().decode(Attributes.self, from: data)
    }

    private func write(_ attributes: Attributes, for address: ResourceAddress) throws {
        try FileManager.default.createDirectory(at: objects, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(attributes).write(to: objectFile(address), options: .atomic)
    }

    /// One line per effect, synced, so a kill right after it cannot lose it.
    private func appendEffect(_ line: String) throws {
        let path = world.appendingPathComponent("effects.log").path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
