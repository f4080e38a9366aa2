import Foundation

/// The durable state of one cluster. Every change is on disk before the call returns: encode,
/// write a temporary file, fsync, keep the previous file as `<cluster>.json.backup`, rename over,
/// fsync the directory. Sensitive values are sealed under the state key.
///
/// Callers hold the cluster's `StateLock` while they change state; the store still refuses to
/// overwrite a file that changed under it (another lineage, a newer serial, a deleted file).
/// Runs on its own executor so its blocking file I/O stays off the cooperative pool.
public actor StateStore: StateRecorder {
    public nonisolated let paths: StatePaths
    public nonisolated let kilnVersion: String
    public nonisolated let keyID: String
    private let key: StateKey
    private let executor: BlockingIOExecutor

    public private(set) var lineage: UUID
    /// 0 until the first write.
    public private(set) var serial: Int
    private var records: [ResourceAddress: ResourceRecord] = [:]
    private var sealer: ValueSealer
    private var existsOnDisk = false
    /// The file's bytes as this store last read or wrote them: a write checks the file is still
    /// exactly these before replacing it, without decoding it again.
    private var bytesOnDisk: [UInt8]?

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init(paths: StatePaths, key: StateKey, kilnVersion: String) {
        self.paths = paths
        self.key = key
        keyID = key.id
        self.kilnVersion = kilnVersion
        executor = BlockingIOExecutor(label: "kiln.state.\(paths.cluster)")
        lineage = UUID()
        serial = 0
        sealer = ValueSealer(key: key, lineage: lineage)
    }

    /// Loads the cluster's state; a missing file gives a new, empty state with a fresh lineage
    /// (written on the first change). Throws `StateError` for a file that cannot be used, and
    /// then nothing is written.
    public static func open(_ paths: StatePaths, key: StateKey, kilnVersion: String) async throws -> StateStore {
        let store = StateStore(paths: paths, key: key, kilnVersion: kilnVersion)
        try await store.load()
        return store
    }

    private func load() throws {
        guard let bytes = try DurableFile.read(paths.stateFile) else { return }
        let document = try StateFileDecoder.decode(bytes, path: paths.stateFile)
        guard document.cluster == paths.cluster else {
            throw StateError.clusterMismatch(path: paths.stateFile, expected: paths.cluster, found: document.cluster)
        }
        let hasSealed = document.resources.contains { Self.hasSensitiveValues($0.sealedRecord) }
        if hasSealed {
            guard let needed = document.keyID else {
                throw StateError.corrupt(path: paths.stateFile, detail: "sealed values but no `keyID`", line: nil, column: nil)
            }
            guard needed == key.id else {
                throw StateError.wrongKey(path: paths.stateFile, neededKeyID: needed, usedKeyID: key.id, keySource: key.source.description)
            }
        }
        var sealer = ValueSealer(key: key, lineage: document.lineage)
        var records: [ResourceAddress: ResourceRecord] = [:]
        for stored in document.resources {
            guard records[stored.address] == nil else {
                throw StateError.corrupt(path: paths.stateFile, detail: "\(stored.address) appears twice", line: nil, column: nil)
            }
            records[stored.address] = try sealer.open(stored.sealedRecord, path: paths.stateFile)
        }
        self.records = records
        self.sealer = sealer
        lineage = document.lineage
        serial = document.serial
        existsOnDisk = true
        bytesOnDisk = bytes
    }

    private static func hasSensitiveValues(_ record: ResourceRecord) -> Bool {
        record.sensitive.contains { record.attributes[$0] != nil || record.outputs[$0] != nil }
    }

    // MARK: StateRecorder

    public func record(for address: ResourceAddress) -> ResourceRecord? { records[address] }

    public func recordIntent(_ intent: PendingIntent, for address: ResourceAddress) throws {
        var next = records
        var record = next[address] ?? ResourceRecord(address: address)
        var intent = intent
        // A new intent on a record whose earlier one never finished (a destroy of a half-made
        // VM) keeps the ids that one announced: they may be all that names the object.
        if let earlier = record.pending { intent.outsideIDs.merge(earlier.outsideIDs) { new, _ in new } }
        record.pending = Self.normalized(intent)
        next[address] = record
        try commit(next)
    }

    public func recordResult(_ record: ResourceRecord?, for address: ResourceAddress) throws {
        var next = records
        if var record {
            record.address = address
            record.pending = nil
            next[address] = record
        } else {
            next[address] = nil
        }
        try commit(next)
    }

    // MARK: Editing

    /// Forgets a resource without touching the outside world (`kiln state rm`). Returns what was removed.
    @discardableResult
    public func remove(_ address: ResourceAddress) throws -> ResourceRecord {
        guard let removed = records[address] else { throw StateError.noSuchResource(address) }
        var next = records
        next[address] = nil
        try commit(next)
        return removed
    }

    /// All records, sorted by address; sensitive values in the clear (for the engine, not for printing).
    public func allRecords() -> [ResourceRecord] { records.values.sorted { $0.address < $1.address } }

    // MARK: Writing

    /// Makes `next` the state, on disk first. Nothing changes (not even the serial) when `next`
    /// equals the current state and the file exists.
    private func commit(_ next: [ResourceAddress: ResourceRecord]) throws {
        if next == records && existsOnDisk { return }
        var sealer = self.sealer
        let resources = try next.values.sorted { $0.address < $1.address }.map { StoredResource(sealed: try sealer.seal($0)) }
        let sealsSomething = next.values.contains(where: Self.hasSensitiveValues)
        let document = StateDocument(lineage: lineage, serial: serial + 1, kilnVersion: kilnVersion, cluster: paths.cluster,
                                     keyID: sealsSomething ? key.id : nil, resources: resources)
        let bytes = try document.encoded()

        try DurableFile.ensureDirectory(paths.directory)
        if let current = try checkedCurrentFile() {
            try DurableFile.replace(paths.backupFile, with: current, temporaryPrefix: paths.temporaryPrefix)
        }
        try DurableFile.replace(paths.stateFile, with: bytes, temporaryPrefix: paths.temporaryPrefix)

        sealer.retainOnly(next)
        self.sealer = sealer
        records = next
        serial += 1
        existsOnDisk = true
        bytesOnDisk = bytes
    }

    /// The bytes of the file about to be replaced, after checking it is still the state this
    /// store loaded (same lineage, same serial), so a write never clobbers a state it did not see.
    private func checkedCurrentFile() throws -> [UInt8]? {
        let path = paths.stateFile
        guard let current = try DurableFile.read(path) else {
            if existsOnDisk { throw StateError.changedOnDisk(path: path, detail: "the file was deleted") }
            return nil
        }
        guard existsOnDisk else {
            throw StateError.changedOnDisk(path: path, detail: "the file was created by someone else")
        }
        // The common case: untouched since we read or wrote it. Decoding 1,000 resources on
        // every write cost most of a write's time.
        if current == bytesOnDisk { return current }
        let onDisk: StateDocument
        do { onDisk = try StateFileDecoder.decode(current, path: path) } catch {
            throw StateError.changedOnDisk(path: path, detail: "it no longer reads as state: \(error)")
        }
        guard onDisk.lineage == lineage else { throw StateError.lineageMismatch(path: path, expected: lineage, found: onDisk.lineage) }
        guard onDisk.serial == serial else {
            throw StateError.changedOnDisk(path: path, detail: "serial \(onDisk.serial), loaded serial \(serial)")
        }
        return current
    }

    /// Dates are stored to the second (ISO 8601), so round to the second now: what is in memory
    /// equals what a reload gives.
    private static func normalized(_ intent: PendingIntent) -> PendingIntent {
        var intent = intent
        intent.started = Date(timeIntervalSince1970: intent.started.timeIntervalSince1970.rounded(.down))
        return intent
    }
}
