import Foundation

/// What `kiln state` subcommands show: addresses, one record with secrets masked, a summary.
extension StateStore {
    /// Addresses of all recorded resources, sorted (`kiln state list`).
    public func list() -> [ResourceAddress] { allRecords().map(\.address) }

    /// The record with every sensitive value replaced by `(sensitive value)`: safe to print.
    public func maskedRecord(_ address: ResourceAddress) -> ResourceRecord? {
        record(for: address).map(RecordRendering.masked)
    }

    /// `kiln state show ADDRESS`: the record as text, sensitive values masked; nil when unknown.
    public func show(_ address: ResourceAddress) -> String? {
        record(for: address).map(RecordRendering.text)
    }

    /// `kiln state status`: counts, unfinished operations and who holds the lock.
    public func status() -> StateStatus {
        let records = allRecords()
        return StateStatus(
            cluster: paths.cluster, path: paths.stateFile, serial: serial, lineage: lineage,
            resourceCount: records.count,
            pendingIntents: records.compactMap { record in record.pending.map { PendingEntry(address: record.address, intent: $0) } },
            lock: StateLock.holder(of: paths))
    }
}

/// A summary of one cluster's state.
public struct StateStatus: Sendable {
    public let cluster: String
    public let path: String
    /// 0 when the state was never written.
    public let serial: Int
    public let lineage: UUID
    public let resourceCount: Int
    /// Operations that started and never recorded a result: the next apply adopts them.
    public let pendingIntents: [PendingEntry]
    public let lock: LockHolder

    public var summary: String {
        var lines = ["cluster \(cluster): \(resourceCount) resource\(resourceCount == 1 ? "" : "s"), serial \(serial), state \(path)"]
        if pendingIntents.isEmpty {
            lines.append("no unfinished operations")
        } else {
            lines.append("\(pendingIntents.count) unfinished operation\(pendingIntents.count == 1 ? "" : "s") (the next apply adopts them):")
            lines += pendingIntents.map { "  \($0.address): \(RecordRendering.describe($0.intent))" }
        }
        lines.append(lock.description)
        return lines.joined(separator: "\n")
    }
}

public struct PendingEntry: Hashable, Sendable {
    public let address: ResourceAddress
    public let intent: PendingIntent
}
