import Foundation
import KilnHTTP
@testable import KilnLab
import KilnTestSupport
import Testing

@Suite("Faults as settings: errors, bursts, resets, no worker, failing tasks, held locks, offline nodes")
struct FaultTests {
    static let clone = "POST /nodes/{node}/qemu/{vmid}/clone"

    func config(_ rules: [FaultRule], seed: UInt64 = 1, offline: [String] = [], clone: Double = 0.3, lockTimeout: Double = 5) -> LabConfig {
        var config = LabHarness.config(clone: clone, lockTimeout: lockTimeout)
        config.nodes.append(.init(name: "lab2"))
        config.faults = FaultSettings(seed: seed, rules: rules, offlineNodes: offline)
        return config
    }

    @Test("A burst: the next 2 clones get 500 'got timeout' and create nothing, the third goes through")
    func oneShotBurst() async throws {
        let rule = FaultRule(match: Self.clone, times: 2, error: .init(status: 500, message: "got timeout"))
        try await withLab(config([rule])) { lab async throws in
            for _ in 0..<2 {
                let failed = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1"])
                #expect(failed.status == 500)
                #expect(failed.reason == "got timeout")
                #expect(await lab.cluster.virtualMachine(101) == nil)
            }
            #expect(try await lab.cloneAndWait(101)["exitstatus"] == "OK")
            #expect(await lab.cluster.requests.compactMap(\.fault) == ["error 500", "error 500"])
            #expect(await lab.cluster.faultSettings.rules.first?.times == 0)
        }
    }

    @Test("A failure rate draws from the seed: the same seed fails the same requests")
    func seededRate() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            let rule = FaultRule(match: "GET /version", probability: 0.5, error: .init(status: 596, message: "Connection timed out"))
            return try await withLab(config([rule], seed: seed)) { lab async throws in
                var statuses: [Int] = []
                for _ in 0..<16 { statuses.append(try await lab.get("/version").status) }
                return statuses
            }
        }
        let first = try await statuses(seed: 42)
        #expect(try await statuses(seed: 42) == first)
        #expect(first.contains(596) && first.contains(200))
        #expect(try await statuses(seed: 43) != first)
    }

    @Test("A reset closes the connection without an answer, and nothing is done")
    func reset() async throws {
        try await withLab(config([FaultRule(match: Self.clone, times: 1, reset: true)])) { lab async throws in
            await #expect(throws: HTTPError.self) {
                _ = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1"])
            }
            #expect(await lab.cluster.virtualMachine(101) == nil)
            #expect(try await lab.get("/version").status == 200)
        }
    }

    @Test("'got no worker upid' hits only task-starting calls, and nothing starts")
    func noWorker() async throws {
        try await withLab(config([FaultRule(times: 1, noWorker: true)])) { lab async throws in
            #expect(try await lab.get("/cluster/resources?type=vm").status == 200)
            let reply = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1"])
            #expect(reply.status == 500)
            #expect(reply.reason == "got no worker upid - start worker failed")
            #expect(await lab.cluster.virtualMachine(101) == nil)
            #expect(try await lab.cloneAndWait(101)["exitstatus"] == "OK")
        }
    }

    @Test("A failing task ends stopped with the error as exit status and its log, having created nothing")
    func failingTask() async throws {
        let failure = FaultRule.TaskError(message: "clone failed: unable to create image: got lock timeout - aborting command",
                                          log: ["create full clone of drive scsi0 (local-lvm:base-9000-disk-0)"])
        try await withLab(config([FaultRule(match: Self.clone, times: 1, failTask: failure)])) { lab async throws in
            let upid = try #require(try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101", "full": "1"]).data.string)
            let status = try await lab.waitForTask(upid)
            #expect(status["status"] == "stopped")
            #expect(status["exitstatus"] == .string(failure.message))
            #expect(try await lab.taskLog(upid) == failure.log + ["TASK ERROR: \(failure.message)"])
            #expect(await lab.cluster.virtualMachine(101) == nil)
            // The id is free again.
            #expect(try await lab.get("/cluster/nextid?vmid=101").status == 200)
        }
    }

    @Test("A clone that holds the template's lock past the lock timeout makes the next clone fail with 'got timeout'")
    func heldLock() async throws {
        let rule = FaultRule(match: Self.clone, times: 1, holdLock: 10) // far longer than the test takes, even on a busy machine
        try await withLab(config([rule], clone: 0.05, lockTimeout: 0.3)) { lab async throws in
            #expect(try await lab.cloneAndWait(101)["exitstatus"] == "OK")
            let second = try await lab.cloneAndWait(102)
            #expect(second["exitstatus"] == "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout")
            #expect(await lab.cluster.virtualMachine(102) == nil)
        }
    }

    @Test("Latency is added before the answer and shows in nothing else")
    func latency() async throws {
        try await withLab(config([FaultRule(match: "/version", latency: 0.2)])) { lab async throws in
            let started = ContinuousClock.now
            #expect(try await lab.get("/version").status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }

    @Test("An offline node: its calls answer 595, /cluster/resources shows it offline and its VMs unknown")
    func offlineNode() async throws {
        try await withLab(config([], offline: ["lab"])) { lab async throws in
            let reply = try await lab.get("/nodes/lab/qemu/9000/status/current")
            #expect(reply.status == 595)
            #expect(reply.reason == "No route to host")
            let all = try #require(try await lab.get("/cluster/resources").data.array)
            #expect(all.first { $0["type"] == "node" && $0["node"] == "lab" }?["status"] == "offline")
            #expect(all.first { $0["type"] == "node" && $0["node"] == "lab2" }?["status"] == "online")
            #expect(all.first { $0["vmid"] == 9000 }?["status"] == "unknown")
            #expect(try await lab.get("/nodes").data.array?.first { $0["node"] == "lab" }?["status"] == "offline")

            try await lab.cluster.setNode("lab", offline: false)
            #expect(try await lab.get("/nodes/lab/qemu/9000/status/current").status == 200)
        }
    }

    @Test("Faults change at runtime over HTTP: PUT, GET, POST a rule, DELETE; nodes go offline and back")
    func runtimeOverHTTP() async throws {
        try await withLab(config([])) { lab async throws in
            func send(_ method: HTTPMethod, _ path: String, _ body: String = "") async throws -> HTTPResponse {
                try await lab.client.send(HTTPRequest(method: method, url: URL(string: lab.base + path)!,
                                                      headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
            }
            let put = try await send(.put, "/lab/faults", #"{"seed": 9, "rules": [{"match": "GET /version", "times": 1, "error": {"status": 503, "message": "busy"}}]}"#)
            #expect(put.status == 200)
            #expect(try await lab.get("/version").status == 503)
            #expect(try await lab.get("/version").status == 200)
            let listed = try JSON.decode(try await send(.get, "/lab/faults").body)["data"]
            #expect(listed?["seed"] == 9)
            #expect(listed?["rules"]?[0]?["times"] == 0)

            #expect(try await send(.post, "/lab/faults/rules", #"{"match": "/nodes/{node}/qemu", "error": {"status": 500, "message": "boom"}}"#).status == 200)
            #expect(try await lab.get("/nodes/lab/qemu").status == 500)
            #expect(try await send(.delete, "/lab/faults").status == 200)
            #expect(try await lab.get("/nodes/lab/qemu").status == 200)

            #expect(try await send(.post, "/lab/nodes/lab2/offline").status == 200)
            #expect(try await lab.get("/nodes/lab2/qemu").status == 595)
            #expect(try await send(.post, "/lab/nodes/lab2/online").status == 200)
            #expect(try await lab.get("/nodes/lab2/qemu").status == 200)

            let bad = try await send(.put, "/lab/faults", #"{"rules": [{"probability": 2}]}"#)
            #expect(bad.status == 400)
        }
    }

    @Test("Faults in the lab config file: JSON, with rules checked at load")
    func configFile() throws {
        let directory = try TemporaryDirectory(prefix: "kiln-lab-faults")
        let good = try directory.write("good.json", #"{"faults": {"seed": 3, "rules": [{"match": "POST /nodes/{node}/qemu/{vmid}/clone", "times": 2, "noWorker": true}], "offlineNodes": ["lab"]}}"#)
        let loaded = try LabConfig.load(path: good)
        #expect(loaded.faults == FaultSettings(seed: 3, rules: [FaultRule(match: Self.clone, times: 2, noWorker: true)], offlineNodes: ["lab"]))
        let bad = try directory.write("bad.json", #"{"faults": {"rules": [{"match": "clone", "reset": true, "noWorker": true}]}}"#)
        #expect(throws: LabConfigError.self) { try LabConfig.load(path: bad) }
    }
}
