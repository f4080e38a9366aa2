import Foundation
import KilnEngine
import Testing

@Suite("Saved plans (kiln plan -out)", .timeLimit(.minutes(1)))
struct SavedPlanTests {
    typealias F = PlanningFixture

    let planFile = Array("cluster: lab\nnodes: 3\n".utf8)
    let lineage = UUID()
    let secrets = F.vm("secrets", ["ca_key": "-----BEGIN PRIVATE KEY----- s3cr3t", "name": "lab"], sensitive: ["ca_key"])

    func temporaryPath(_ name: String = "plan.kilnplan") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-saved-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    func saved(_ plan: EnginePlan, serial: Int = 7) -> SavedPlan {
        SavedPlan(plan: plan, kilnVersion: "0.1.0-test", planFilePath: "plans/lab.yaml", planFileBytes: planFile,
                  cluster: "lab", stateLineage: lineage, stateSerial: serial)
    }

    @Test func aSavedPlanRoundTripsAndVerifiesAgainstTheSameStateAndPlanFile() async throws {
        let plan = try await F.plan([F.vm("vm"), secrets], options: PlanOptions(targets: [.vm("vm"), .vm("secrets")]))
        let path = try temporaryPath()
        let original = saved(plan)
        try await original.write(to: path)
        let loaded = try await SavedPlan.load(from: path)
        #expect(loaded == original)
        #expect(loaded.options == plan.options)
        #expect(loaded.summary == plan.summary)
        #expect(loaded.planFile.sha256.count == 64)
        try loaded.verify(currentLineage: lineage, currentSerial: 7, planFileBytes: planFile)
        try loaded.verify(matches: plan)
    }

    @Test func aSavedPlanIsStaleOnceTheStateMovedOn() async throws {
        let loaded = saved(try await F.plan([F.vm("vm")]), serial: 7)
        #expect(throws: SavedPlanError.stale(savedSerial: 7, currentSerial: 8)) {
            try loaded.verify(currentLineage: lineage, currentSerial: 8, planFileBytes: planFile)
        }
        #expect(SavedPlanError.stale(savedSerial: 7, currentSerial: 8).description
                == "saved plan is stale: the state moved on (serial 7 → 8); run kiln plan again")
    }

    @Test func aSavedPlanIsRefusedWhenThePlanFileChanged() async throws {
        let loaded = saved(try await F.plan([F.vm("vm")]))
        do {
            try loaded.verify(currentLineage: lineage, currentSerial: 7, planFileBytes: Array("cluster: lab\nnodes: 5\n".utf8))
            Issue.record("a changed plan file was accepted")
        } catch {
            guard case .planFileChanged(let path, _, _) = error else { Issue.record("wrong error: \(error)"); return }
            #expect(path == "plans/lab.yaml")
            #expect(error.description.hasPrefix("the plan file changed since the saved plan was made"))
        }
    }

    @Test func aSavedPlanForAnotherStateIsRefused() async throws {
        let loaded = saved(try await F.plan([F.vm("vm")]))
        let other = UUID()
        #expect(throws: SavedPlanError.otherLineage(saved: lineage, current: other)) {
            try loaded.verify(currentLineage: other, currentSerial: 7, planFileBytes: planFile)
        }
        #expect(SavedPlanError.otherLineage(saved: lineage, current: other).description.contains("made for another state"))
    }

    @Test func aPlanMadeBeforeAnyStateAppliesToAStateStillUnwrittenButGoesStaleOnceWritten() async throws {
        // An unwritten state has a fresh lineage each time it is opened: only its serial counts.
        let loaded = saved(try await F.plan([F.vm("vm")]), serial: 0)
        try loaded.verify(currentLineage: UUID(), currentSerial: 0, planFileBytes: planFile)
        #expect(throws: SavedPlanError.stale(savedSerial: 0, currentSerial: 2)) {
            try loaded.verify(currentLineage: UUID(), currentSerial: 2, planFileBytes: planFile)
        }
    }

    @Test func sensitiveValuesNeverReachTheFile() async throws {
        var seen = F.record(secrets)
        seen.attributes["ca_key"] = "drifted-s3cr3t"
        let provider = RecordingProvider(refreshAnswers: [.vm("secrets"): .present(seen)])
        let rotated = F.vm("secrets", ["ca_key": "rotated-s3cr3t", "name": "lab"], sensitive: ["ca_key"])
        let plan = try await F.plan([rotated, F.vm("new", ["token": "t0k3n-s3cr3t", "cores": 2], sensitive: ["token"])],
                                    state: [F.record(secrets)], providers: [provider])
        #expect(!plan.drift.isEmpty && plan.hasChanges)
        let path = try temporaryPath()
        try await saved(plan).write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("s3cr3t"))
        #expect(text.contains("(sensitive value)"))
        #expect(text.contains("\"cores\""), "non-sensitive attributes are kept")
    }

    @Test func theFileIsWrittenOwnerOnly() async throws {
        let path = try temporaryPath()
        let previous = umask(0o000)
        defer { umask(previous) }
        try await saved(try await F.plan([F.vm("vm")])).write(to: path)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
    }

    @Test func aMalformedFileIsAnErrorNamingIt() async throws {
        let path = try temporaryPath("broken.kilnplan")
        try Data("{\"formatVersion\": 1, \"changes\": 3".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try await SavedPlan.load(from: path)
            Issue.record("a broken file loaded")
        } catch {
            guard case .malformed(let named, _) = error else { Issue.record("wrong error: \(error)"); return }
            #expect(named == path)
            #expect(error.description.contains(path))
        }
        try Data("{\"formatVersion\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: SavedPlanError.self) { try await SavedPlan.load(from: path) }
        try Data("{\"formatVersion\": 99, \"kilnVersion\": \"9.0\"}".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: SavedPlanError.newerFormat(path: path, formatVersion: 99, writtenBy: "9.0")) {
            try await SavedPlan.load(from: path)
        }
        let missing = path + ".missing"
        await #expect(throws: SavedPlanError.notFound(path: missing)) { try await SavedPlan.load(from: missing) }
    }

    @Test func applyingRefusesWhenPlanningAgainGivesOtherChanges() async throws {
        let vm = F.vm("vm")
        let plan = try await F.plan([vm], state: [F.record(vm)])
        let original = saved(plan)
        let provider = RecordingProvider(refreshAnswers: [.vm("vm"): .absent])
        let now = try await F.plan([vm], state: [F.record(vm)], options: original.options, providers: [provider])
        #expect(throws: SavedPlanError.planDiffers([.vm("vm")])) { try original.verify(matches: now) }
    }
}
