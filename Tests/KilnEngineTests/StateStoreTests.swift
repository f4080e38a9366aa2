import Foundation
import KilnEngine
import Testing

@Suite("State store: durable writes")
struct StateStoreTests {
    @Test func aMissingFileIsANewEmptyStateThatWritesNothingUntilAChange() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        #expect(await store.list().isEmpty)
        #expect(await store.serial == 0)
        #expect(fixture.snapshot(fixture.paths.stateFile) == nil)
    }

    @Test func recordsRoundTripThroughTheFileAndReencodeToTheSameBytes() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(), for: Sample.vm)
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        let lineage = await store.lineage

        let reopened = try await fixture.open()
        #expect(await reopened.record(for: Sample.vm) == Sample.vmRecord())
        #expect(await reopened.record(for: Sample.secrets) == Sample.secretsRecord())
        #expect(await reopened.lineage == lineage)
        #expect(await reopened.serial == 2)

        // Deterministic: decoding and encoding the file gives it back byte for byte.
        let bytes = try #require(fixture.bytes(fixture.paths.stateFile))
        let document = try StateDocument.decoded(from: bytes, path: fixture.paths.stateFile)
        #expect(try document.encoded() == bytes)
        #expect(document.resources.map(\.address) == [Sample.vm, Sample.secrets].sorted())
        #expect(document.formatVersion == 1 && document.cluster == "lab" && document.kilnVersion == StateFixture.kilnVersion)
    }

    @Test func theFileIsPrettyPrintedWithSortedKeysAndSortedLists() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        var record = Sample.vmRecord()
        record.dependencies = [ResourceAddress(type: "z_last", name: "x"), ResourceAddress(type: "a_first", name: "x")]
        try await store.recordResult(record, for: Sample.vm)
        let text = fixture.text(fixture.paths.stateFile)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\n  \"cluster\" : \"lab\""))
        let keys = ["cluster", "formatVersion", "kilnVersion", "lineage", "resources", "serial"]
        let positions = keys.compactMap { text.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
        let first = try #require(text.range(of: "a_first.x")), last = try #require(text.range(of: "z_last.x"))
        #expect(first.lowerBound < last.lowerBound)
    }

    @Test func theSerialIncrementsOnlyWhenTheContentChanges() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        #expect(await store.serial == 1)
        let written = fixture.snapshot(fixture.paths.stateFile)

        // The same record again: nothing written, sealed values not resealed.
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        #expect(await store.serial == 1)
        #expect(fixture.snapshot(fixture.paths.stateFile) == written)

        // After a reload too.
        let reopened = try await fixture.open()
        try await reopened.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        #expect(await reopened.serial == 1)
        #expect(fixture.snapshot(fixture.paths.stateFile) == written)

        try await reopened.recordResult(Sample.vmRecord(cores: 4), for: Sample.vm)
        #expect(await reopened.serial == 2)
        // Removing something that is not there changes nothing.
        try await reopened.recordResult(nil, for: ResourceAddress(type: "x", name: "absent"))
        #expect(await reopened.serial == 2)
    }

    @Test func unchangedSealedValuesKeepTheirCiphertextSoDiffsStaySmall() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        let before = try sealedBoxes(fixture)
        let reopened = try await fixture.open()
        try await reopened.recordResult(Sample.vmRecord(), for: Sample.vm)
        #expect(try sealedBoxes(fixture) == before)
    }

    private func sealedBoxes(_ fixture: StateFixture) throws -> [String] {
        let text = fixture.text(fixture.paths.stateFile)
        return text.split(separator: "\n").filter { $0.contains("\"sealed\"") }.map(String.init)
    }

    @Test func theBackupHoldsThePreviousVersion() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(cores: 2), for: Sample.vm)
        #expect(fixture.snapshot(fixture.paths.backupFile) == nil)
        let first = fixture.snapshot(fixture.paths.stateFile)
        try await store.recordResult(Sample.vmRecord(cores: 4), for: Sample.vm)
        #expect(fixture.snapshot(fixture.paths.backupFile) == first)
        let second = fixture.snapshot(fixture.paths.stateFile)
        try await store.recordResult(Sample.vmRecord(cores: 8), for: Sample.vm)
        #expect(fixture.snapshot(fixture.paths.backupFile) == second)
        #expect(fixture.text(fixture.paths.backupFile).contains("\"serial\" : 2"))
    }

    @Test func filesAreOwnerOnlyAndNoTemporaryFilesAreLeft() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        let previous = umask(0o022)
        defer { umask(previous) }
        try await store.recordResult(Sample.vmRecord(cores: 2), for: Sample.vm)
        try await store.recordResult(Sample.vmRecord(cores: 4), for: Sample.vm)
        #expect(fixture.mode(fixture.paths.stateFile) == 0o600)
        #expect(fixture.mode(fixture.paths.backupFile) == 0o600)
        #expect(fixture.mode(fixture.paths.directory) == 0o700)
        #expect(fixture.directoryListing() == ["lab.json", "lab.json.backup"])
    }

    @Test func aStrayTemporaryFileFromACrashIsIgnored() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(cores: 2), for: Sample.vm)
        // A crash between writing the temporary file and renaming it leaves this behind.
        let stray = fixture.paths.stateFile + ".tmp-deadbeef0000"
        try Data("{\"formatVersion\": 1, \"half\": ".utf8).write(to: URL(fileURLWithPath: stray))

        let reopened = try await fixture.open()
        #expect(await reopened.record(for: Sample.vm) == Sample.vmRecord(cores: 2))
        try await reopened.recordResult(Sample.vmRecord(cores: 4), for: Sample.vm)
        #expect(try await fixture.open().record(for: Sample.vm) == Sample.vmRecord(cores: 4))
    }

    @Test func anIntentIsDurableAndTheResultClearsIt() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        let intent = PendingIntent(operation: .create, outsideIDs: ["vmid": "1011"], step: "cloned",
                                   started: Date(timeIntervalSince1970: 1_750_000_000.75))
        try await store.recordIntent(intent, for: Sample.vm)

        // A second process (or a restart after a crash) sees the intent.
        let afterCrash = try await fixture.open()
        let pending = try #require(await afterCrash.record(for: Sample.vm)?.pending)
        #expect(pending.operation == .create && pending.outsideIDs == ["vmid": "1011"] && pending.step == "cloned")
        #expect(pending.started == Date(timeIntervalSince1970: 1_750_000_000))
        #expect(await afterCrash.record(for: Sample.vm) == (await store.record(for: Sample.vm)))
        #expect(await afterCrash.status().pendingIntents.map(\.address) == [Sample.vm])

        var result = Sample.vmRecord()
        result.pending = intent
        try await afterCrash.recordResult(result, for: Sample.vm)
        #expect(try await fixture.open().record(for: Sample.vm) == Sample.vmRecord())
        #expect(!fixture.text(fixture.paths.stateFile).contains("pending"))
    }

    @Test func anIntentOnAnExistingRecordKeepsTheRecord() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(), for: Sample.vm)
        try await store.recordIntent(PendingIntent(operation: .update), for: Sample.vm)
        let record = try #require(await fixture.open().record(for: Sample.vm))
        #expect(record.attributes == Sample.vmRecord().attributes)
        #expect(record.pending?.operation == .update)
    }

    @Test func aNewIntentKeepsTheIdsAnUnfinishedOneAnnounced() async throws {
        // A create died after announcing VMID 1011; the destroy that follows must still name it.
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordIntent(PendingIntent(operation: .create, outsideIDs: ["vmid": "1011", "node": "pve1"]), for: Sample.vm)
        try await store.recordIntent(PendingIntent(operation: .delete, outsideIDs: ["node": "pve2"]), for: Sample.vm)
        let pending = try #require(await fixture.open().record(for: Sample.vm)?.pending)
        #expect(pending.operation == .delete)
        #expect(pending.outsideIDs == ["vmid": "1011", "node": "pve2"])
    }

    @Test func removeForgetsAResourceAndFailsForAnUnknownOne() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(), for: Sample.vm)
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        let removed = try await store.remove(Sample.vm)
        #expect(removed == Sample.vmRecord())
        #expect(try await fixture.open().list() == [Sample.secrets])
        await #expect(throws: StateError.noSuchResource(Sample.vm)) { try await store.remove(Sample.vm) }
    }

    @Test func aResultForADeleteRemovesTheRecord() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(), for: Sample.vm)
        try await store.recordResult(nil, for: Sample.vm)
        #expect(try await fixture.open().list().isEmpty)
        #expect(await store.serial == 2)
    }

    @Test func theLineageStaysAcrossWritesAndDiffersBetweenStates() async throws {
        let one = try StateFixture(), two = try StateFixture()
        let first = try await one.open(), second = try await two.open()
        try await first.recordResult(Sample.vmRecord(), for: Sample.vm)
        try await second.recordResult(Sample.vmRecord(), for: Sample.vm)
        let lineage = await first.lineage
        try await first.recordResult(Sample.vmRecord(cores: 4), for: Sample.vm)
        #expect(try await one.open().lineage == lineage)
        #expect(await second.lineage != lineage)
    }

    @Test func aFileChangedUnderTheStoreIsNotOverwritten() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(cores: 2), for: Sample.vm)
        // Another kiln (without the lock) writes meanwhile.
        let other = try await fixture.open()
        try await other.recordResult(Sample.vmRecord(cores: 8), for: Sample.vm)
        let theirs = fixture.snapshot(fixture.paths.stateFile)

        await #expect { try await store.recordResult(Sample.vmRecord(cores: 4), for: Sample.vm) } throws: { error in
            guard case StateError.changedOnDisk = error else { return false }
            return "\(error)".contains("serial 2, loaded serial 1")
        }
        #expect(fixture.snapshot(fixture.paths.stateFile) == theirs)
    }

    @Test func aFileFromAnotherLineageIsNotOverwritten() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(), for: Sample.vm)
        // Someone copies another state (same cluster name, another lineage) into place.
        let elsewhere = try StateFixture(key: fixture.key)
        let foreign = try await elsewhere.open()
        try await foreign.recordResult(Sample.vmRecord(cores: 16), for: Sample.vm)
        let foreignBytes = try #require(elsewhere.bytes(elsewhere.paths.stateFile))
        try Data(foreignBytes).write(to: URL(fileURLWithPath: fixture.paths.stateFile))

        await #expect { try await store.recordResult(Sample.vmRecord(cores: 4), for: Sample.vm) } throws: { error in
            guard case StateError.lineageMismatch = error else { return false }
            return true
        }
        #expect(fixture.snapshot(fixture.paths.stateFile) == FileSnapshot(foreignBytes))
    }

    @Test func concurrentRecordsAreAllKept() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let address = ResourceAddress(type: "test_vm", name: "n\(index)")
                    try await store.recordIntent(PendingIntent(operation: .create), for: address)
                    try await store.recordResult(ResourceRecord(address: address, attributes: ["i": .int(index)]), for: address)
                }
            }
            try await group.waitForAll()
        }
        let reopened = try await fixture.open()
        #expect(await reopened.list().count == 20)
        #expect(await reopened.serial == 40)
        #expect(await reopened.status().pendingIntents.isEmpty)
    }

    @Test func clusterNamesThatAreNotSafeFileNamesAreRefused() {
        for name in ["", "../x", "a/b", ".hidden"] {
            #expect(throws: StateError.invalidClusterName(name)) { try StatePaths(directory: "/tmp", cluster: name) }
        }
    }
}
