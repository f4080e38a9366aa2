import Foundation
import KilnCrypto
import KilnEngine
import Testing

@Suite("State store: sealed values")
struct StateSealingTests {
    @Test func sensitiveValuesAreNeverOnDiskInPlaintextAndOpenWithTheRightKey() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        try await store.recordResult(Sample.secretsRecord(secret: "rotated-" + Sample.secretValue), for: Sample.secrets)

        for path in [fixture.paths.stateFile, fixture.paths.backupFile] {
            let text = fixture.text(path)
            #expect(!text.contains(Sample.secretValue))
            #expect(!text.contains(Base64.encode(Array(Sample.secretValue.utf8))))
            #expect(text.contains("\"sealed\""))
            #expect(text.contains("\"keyID\" : \"\(fixture.key.id)\""))
            // Not sensitive: stays readable.
            #expect(text.contains("CERT") && text.contains("v1.10"))
        }
        #expect(try await fixture.open().record(for: Sample.secrets) == Sample.secretsRecord(secret: "rotated-" + Sample.secretValue))
    }

    @Test func aStateWithoutSensitiveValuesRecordsNoKeyID() async throws {
        let fixture = try StateFixture()
        try await fixture.open().recordResult(Sample.vmRecord(), for: Sample.vm)
        #expect(!fixture.text(fixture.paths.stateFile).contains("keyID"))
        // …and so opens with any key.
        #expect(try await fixture.open(key: try StateKey.generate()).record(for: Sample.vm) == Sample.vmRecord())
    }

    @Test func theWrongKeyIsRefusedNamingTheNeededKeyAndTheFileIsUntouched() async throws {
        let fixture = try StateFixture()
        try await fixture.open().recordResult(Sample.secretsRecord(), for: Sample.secrets)
        let before = fixture.snapshot(fixture.paths.stateFile)
        let backupBefore = fixture.snapshot(fixture.paths.backupFile)
        let wrong = try StateKey(bytes: AES256GCM.generateKey(), source: .file(path: "/home/u/.config/kiln/state.key"))

        await #expect { try await fixture.open(key: wrong) } throws: { error in
            let text = "\(error)"
            guard case StateError.wrongKey(_, let needed, let used, _) = error else { return false }
            return needed == fixture.key.id && used == wrong.id && text.contains(fixture.key.id)
                && text.contains("/home/u/.config/kiln/state.key") && text.contains("KILN_STATE_KEY")
                && text.contains(fixture.paths.stateFile) && !text.contains(wrong.base64) && !text.contains(fixture.key.base64)
        }
        #expect(fixture.snapshot(fixture.paths.stateFile) == before)
        #expect(fixture.snapshot(fixture.paths.backupFile) == backupBefore)
    }

    @Test func aSealedValueMovedToAnotherResourceDoesNotOpen() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        var other = Sample.secretsRecord(secret: "other")
        other.address = ResourceAddress(type: "talos_secrets", name: "other")
        try await store.recordResult(other, for: other.address)

        // Swap the sealed ca_key boxes between the two resources.
        var text = fixture.text(fixture.paths.stateFile)
        let boxes = text.split(separator: "\n").filter { $0.contains("\"sealed\"") }.map(String.init)
        #expect(boxes.count == 4)
        text = text.replacingOccurrences(of: boxes[0], with: "@@0").replacingOccurrences(of: boxes[2], with: boxes[0])
            .replacingOccurrences(of: "@@0", with: boxes[2])
        let tampered = try fixture.writeStateFile(text)

        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.unreadableSealedValue(_, _, let name) = error else { return false }
            return name == "ca_key" && !"\(error)".contains(Sample.secretValue)
        }
        #expect(fixture.snapshot(fixture.paths.stateFile) == tampered)
    }

    @Test func aSensitiveValueStoredInPlaintextIsRefused() async throws {
        let fixture = try StateFixture()
        try await fixture.open().recordResult(Sample.secretsRecord(), for: Sample.secrets)
        var text = fixture.text(fixture.paths.stateFile)
        let line = try #require(text.split(separator: "\n").first { $0.contains("\"sealed\"") })
        text = text.replacingOccurrences(of: String(line), with: "\"x\" : \"plain\"")
        try fixture.writeStateFile(text)
        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.corrupt(_, let detail, _, _) = error else { return false }
            return detail.contains("is not sealed")
        }
    }

    @Test func maskedViewsNeverShowSensitiveValues() async throws {
        let fixture = try StateFixture()
        let store = try await fixture.open()
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        let shown = try #require(await store.show(Sample.secrets))
        #expect(!shown.contains(Sample.secretValue))
        #expect(shown.contains("ca_key") && shown.contains("= (sensitive value)") && shown.contains("\"CERT\""))
        let masked = try #require(await store.maskedRecord(Sample.secrets))
        #expect(masked.outputs["ca_key"] == "(sensitive value)" && masked.outputs["token"] == "(sensitive value)")
        #expect(await store.show(Sample.vm) == nil)
    }
}

@Suite("State store: sealed values are bound to their state")
struct SealedValueBindingTests {
    @Test func aSealedValueCopiedIntoAnotherStateWithTheSameKeyDoesNotOpen() async throws {
        let first = try StateFixture()
        let second = try StateFixture(key: first.key)
        try await first.open().recordResult(Sample.secretsRecord(secret: "first"), for: Sample.secrets)
        try await second.open().recordResult(Sample.secretsRecord(secret: "second"), for: Sample.secrets)
        func sealedLines(_ fixture: StateFixture) -> [String] {
            fixture.text(fixture.paths.stateFile).split(separator: "\n").filter { $0.contains("\"sealed\"") }.map(String.init)
        }
        var text = second.text(second.paths.stateFile)
        for (theirs, ours) in zip(sealedLines(first), sealedLines(second)) { text = text.replacingOccurrences(of: ours, with: theirs) }
        try second.writeStateFile(text)
        await #expect { try await second.open() } throws: { error in
            guard case StateError.unreadableSealedValue = error else { return false }
            return true
        }
    }
}
