import Foundation
import KilnCLI
import KilnEngine
import Testing

/// `--json` events: one parseable object per line, with the schema version.
@Suite struct JSONEventRendererTests {
    static let vm = ResourceAddress(type: "proxmox_vm", name: "cp-1")
    static let fixed = Date(timeIntervalSince1970: 1_795_000_000.25)

    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

    static let events: [EngineEvent] = [
        .started(vm, action: .create, isGate: false),
        .progress(vm, OperationProgress(waitingFor: "clone", lastSeen: "queued"), elapsed: .milliseconds(1500)),
        .stillRunning(vm, action: .create, elapsed: .seconds(70), latest: OperationProgress(waitingFor: "clone")),
        .finished(vm, action: .create, duration: .seconds(72)),
        .failed(VertexFailure(address: vm, action: .update, error: Boom(), hint: "retry")),
        .skipped(ResourceAddress(type: "talos_config", name: "cp-1"), action: .create, failedDependencies: [vm]),
        .interrupted(vm, action: .create, elapsed: .seconds(4)),
        .stopRequested(.graceful),
        .runFinished(RunCounts(finished: 1, failed: 1, added: 1), duration: .seconds(80)),
    ]

    func objects() throws -> [[String: Any]] {
        let renderer = JSONEventRenderer(now: { Self.fixed })
        return try Self.events.map { event in
            let line = renderer.line(for: event)
            #expect(!line.contains("\n"))
            return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func everyEventIsOneJSONObjectWithTheSchemaVersion() throws {
        let objects = try objects()
        #expect(objects.map { $0["type"] as? String } == ["started", "progress", "stillRunning", "finished", "failed",
                                                         "skipped", "interrupted", "stopRequested", "runFinished"])
        for object in objects {
            #expect(object["schema"] as? Int == 1)
            #expect(object["time"] as? String == "2026-11-18T11:06:40.250Z")
        }
    }

    @Test func fieldsPerEvent() throws {
        let objects = try objects()
        #expect(objects[0]["address"] as? String == "proxmox_vm.cp-1")
        #expect(objects[0]["resourceType"] as? String == "proxmox_vm")
        #expect(objects[0]["action"] as? String == "create")
        #expect(objects[0]["gate"] as? Bool == false)
        #expect(objects[1]["elapsedMs"] as? Int == 1500)
        #expect(objects[1]["lastSeen"] as? String == "queued")
        #expect(objects[2]["waitingFor"] as? String == "clone")
        #expect(objects[2]["lastSeen"] == nil)
        #expect(objects[3]["durationMs"] as? Int == 72000)
        #expect(objects[4]["error"] as? String == "boom")
        #expect(objects[4]["hint"] as? String == "retry")
        #expect(objects[5]["failedDependencies"] as? [String] == ["proxmox_vm.cp-1"])
        #expect(objects[7]["mode"] as? String == "graceful")
        #expect(objects[7]["address"] == nil)
        let counts = objects[8]["counts"] as? [String: Any]
        #expect(counts?["added"] as? Int == 1)
        #expect(counts?["failed"] as? Int == 1)
        #expect(objects[8]["durationMs"] as? Int == 80000)
    }

    @Test func sinkWritesWholeLines() {
        let renderer = JSONEventRenderer()
        nonisolated(unsafe) var written: [String] = []
        let sink = renderer.sink { written.append($0) }
        sink(.stopRequested(.immediate))
        #expect(written.count == 1)
        #expect(written.first?.hasSuffix("}\n") == true)
        #expect(written.first?.contains(#""schema":1"#) == true)
    }

    @Test func credentialLookingTextIsRedacted() {
        let line = JSONEventRenderer().line(for: .progress(Self.vm, OperationProgress(waitingFor: "PVEAPIToken=a@pam!b=SECRETVALUE"),
                                                           elapsed: .zero))
        #expect(!line.contains("SECRETVALUE"))
    }
}
