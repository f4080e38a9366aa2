import Foundation
import KilnEngine
import Testing

/// A state file kiln cannot use is reported clearly and never overwritten: after the failed
/// load the file is the same, byte for byte, and no backup or temporary file appears.
@Suite("State store: unusable state files")
struct StateLoadErrorTests {
    func expectUntouched(_ fixture: StateFixture, _ original: FileSnapshot, listing: [String]) {
        #expect(fixture.snapshot(fixture.paths.stateFile) == original)
        #expect(fixture.directoryListing() == listing)
    }

    /// A valid state file written by kiln itself, to damage.
    func validState(_ fixture: StateFixture) async throws -> String {
        let store = try await fixture.open()
        try await store.recordResult(Sample.vmRecord(), for: Sample.vm)
        try await store.recordResult(Sample.secretsRecord(), for: Sample.secrets)
        try FileManager.default.removeItem(atPath: fixture.paths.backupFile)
        return fixture.text(fixture.paths.stateFile)
    }

    @Test func corruptJSONIsReportedWithLineAndColumn() async throws {
        let fixture = try StateFixture()
        let valid = try await validState(fixture)
        // Break the third line: a missing colon after the key.
        var lines = valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "\" : ", with: "\" ")
        let original = try fixture.writeStateFile(lines.joined(separator: "\n"))

        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.corrupt(let path, _, let line, let column) = error else { return false }
            return path == fixture.paths.stateFile && line == 3 && column != nil && "\(error)".contains("line 3")
                && "\(error)".contains("untouched") && "\(error)".contains(".backup")
        }
        expectUntouched(fixture, original, listing: ["lab.json"])
    }

    @Test func aTruncatedFileIsReportedAsTruncated() async throws {
        let fixture = try StateFixture()
        let valid = try await validState(fixture)
        let original = try fixture.writeStateFile(String(valid.prefix(valid.count / 2)))
        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.truncated = error else { return false }
            return "\(error)".contains("truncated") && "\(error)".contains(fixture.paths.stateFile)
        }
        expectUntouched(fixture, original, listing: ["lab.json"])
    }

    @Test func anEmptyFileIsReportedAsTruncated() async throws {
        let fixture = try StateFixture()
        let original = try fixture.writeStateFile("")
        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.truncated(_, let detail) = error else { return false }
            return detail.contains("empty")
        }
        expectUntouched(fixture, original, listing: ["lab.json"])
    }

    @Test func aFileFromANewerKilnSaysToUpgrade() async throws {
        let fixture = try StateFixture()
        let original = try fixture.writeStateFile("""
            {"formatVersion": 2, "kilnVersion": "0.9.0", "lineage": "x", "shape": ["changed"]}
            """)
        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.newerFormat(_, 2, "0.9.0") = error else { return false }
            return "\(error)".contains("newer kiln (0.9.0)") && "\(error)".contains("Upgrade kiln")
        }
        expectUntouched(fixture, original, listing: ["lab.json"])
    }

    @Test func anImpossibleFormatVersionIsRefused() async throws {
        let fixture = try StateFixture()
        let valid = try await validState(fixture)
        let original = try fixture.writeStateFile(valid.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 0"))
        await #expect(throws: StateError.unsupportedFormat(path: fixture.paths.stateFile, formatVersion: 0)) { try await fixture.open() }
        expectUntouched(fixture, original, listing: ["lab.json"])
    }

    @Test func jsonThatIsNotStateNamesWhatIsWrong() async throws {
        let fixture = try StateFixture()
        let valid = try await validState(fixture)
        let original = try fixture.writeStateFile(valid.replacingOccurrences(of: "\"ready\"", with: "\"exploded\""))
        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.corrupt(_, let detail, _, _) = error else { return false }
            return detail.contains("resources[0].status")
        }
        expectUntouched(fixture, original, listing: ["lab.json"])

        let notState = try fixture.writeStateFile("[1, 2, 3]\n")
        await #expect { try await fixture.open() } throws: { error in
            guard case StateError.corrupt(_, let detail, _, _) = error else { return false }
            return detail.contains("not a JSON object")
        }
        expectUntouched(fixture, notState, listing: ["lab.json"])
    }

    @Test func anotherClustersStateIsRefused() async throws {
        let fixture = try StateFixture()
        let valid = try await validState(fixture)
        let original = try fixture.writeStateFile(valid.replacingOccurrences(of: "\"cluster\" : \"lab\"", with: "\"cluster\" : \"prod\""))
        await #expect(throws: StateError.clusterMismatch(path: fixture.paths.stateFile, expected: "lab", found: "prod")) {
            try await fixture.open()
        }
        expectUntouched(fixture, original, listing: ["lab.json"])
    }
}
