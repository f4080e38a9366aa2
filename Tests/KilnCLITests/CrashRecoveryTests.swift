import Foundation
import KilnEngine
import KilnTestSupport
import Testing

/// `kill -9` at every step of an apply, then apply again until done: every resource is
/// created exactly once, and the state ends exactly as after a run that never died.
@Suite("Crash recovery")
struct CrashRecoveryTests {
    static let apply = ["apply", "--auto-approve", "--parallelism", "1", "lab.yaml"]

    @Test func aRunKilledAtAnyCheckpointIsFinishedByTheNextWithoutRepeatingAnything() async throws {
        let clean = try ProbeWorld()
        _ = try clean.plan()
        let first = try await clean.kiln(Self.apply)
        #expect(first.status == 0, "\(first.combined)")
        let total = try #require(first.checkpointsPassed)
        #expect(total >= 50, "a clean run passes \(total) checkpoints; the test needs at least 50 instants")
        let expectedRecords = try await clean.records()
        let expectedEffects = clean.effects.sorted()
        #expect(expectedEffects.count == 18 && expectedEffects.allSatisfy { $0.hasPrefix("create ") })

        // Two worlds at a time: each is its own folder, state and key.
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 1
            func add() {
                let instant = next
                next += 1
                group.addTask { try await Self.crashAndResume(at: instant, expecting: expectedEffects, expectedRecords) }
            }
            add(); add()
            while try await group.next() != nil { if next <= total { add() } }
        }
    }

    @Test func aDestroyKilledAtAnyCheckpointIsFinishedByTheNextWithoutDeletingTwice() async throws {
        let destroy = ["destroy", "--auto-approve", "--parallelism", "1", "lab.yaml"]
        let clean = try ProbeWorld()
        _ = try clean.plan()
        #expect(try await clean.kiln(Self.apply).status == 0)
        let first = try await clean.kiln(destroy)
        #expect(first.status == 0, "\(first.combined)")
        let total = try #require(first.checkpointsPassed)
        #expect(total >= 36, "a clean destroy passes \(total) checkpoints")

        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 1
            func add() {
                let instant = next
                next += 1
                group.addTask {
                    let world = try ProbeWorld()
                    _ = try world.plan()
                    #expect(try await world.kiln(Self.apply).status == 0)
                    let crashed = try await world.kiln(destroy, crashAt: instant)
                    #expect(crashed.stderr.contains("SIGKILL at checkpoint \(instant):"), "instant \(instant): \(crashed.combined)")
                    var resumed = try await world.kiln(destroy)
                    for _ in 0..<2 where resumed.status != 0 { resumed = try await world.kiln(destroy) }
                    #expect(resumed.status == 0, "instant \(instant): \(resumed.combined)")
                    let deletes = world.effects.filter { $0.hasPrefix("delete ") }
                    #expect(deletes.count == 18 && Set(deletes).count == 18, "instant \(instant): \(deletes)")
                    #expect(try await world.records().isEmpty, "instant \(instant): state still holds resources")
                }
            }
            add(); add()
            while try await group.next() != nil { if next <= total { add() } }
        }
    }

    static func crashAndResume(at instant: Int, expecting effects: [String], _ records: [ResourceRecord]) async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        let crashed = try await world.kiln(apply, crashAt: instant)
        #expect(crashed.status != 0 && crashed.stderr.contains("SIGKILL at checkpoint \(instant):"),
                "instant \(instant): \(crashed.combined)")

        var resumed = try await world.kiln(apply)
        for _ in 0..<2 where resumed.status != 0 { resumed = try await world.kiln(apply) }
        #expect(resumed.status == 0, "instant \(instant): the resumed apply failed:\n\(resumed.combined)")
        #expect(world.effects.sorted() == effects, "instant \(instant): effects differ:\n\(world.effects.joined(separator: "\n"))")
        #expect(try await world.records() == records, "instant \(instant): the final state differs from a clean run's")
        let again = try await world.kiln(["plan", "--detailed-exitcode", "lab.yaml"])
        #expect(again.status == 0 && again.stdout.contains("No changes."), "instant \(instant): \(again.combined)")
    }
}
