import Foundation
import KilnHTTP
import KilnProxmox
import KilnTestSupport
import Testing

@Suite("Retries: transient failures only, and never a second task")
struct RetryTests {
    @Test func twoGotNoWorkerUPIDAnswersThenSuccessTakeThreeRequests() async throws {
        let pve = try FakePVE { _, n in
            n < 2 ? .pveError(500, "got no worker upid - start worker failed") : .data("\"\(sampleUPID)\"")
        }
        let time = ManualClock()
        let upid = try await pve.client(options: FakePVE.fastOptions(clock: time.clock)).start(node: "pve1", vmid: 100)
        #expect(upid.rawValue == sampleUPID)
        #expect(pve.requests("POST", "/nodes/pve1/qemu/100/status/start").count == 3)
        #expect(time.pauses.count == 2)
    }

    @Test func retriesStopAtTheConfiguredNumberOfAttempts() async throws {
        let pve = try FakePVE { _, _ in .pveError(500, "got timeout") }
        let time = ManualClock()
        let error = try await #require(throws: ProxmoxError.self) {
            try await pve.client(options: FakePVE.fastOptions(clock: time.clock, attempts: 4)).nodes()
        }
        #expect(error.kind == .transient)
        #expect(pve.requests.count == 4)
    }

    @Test func backoffGrowsExponentiallyWithJitterUpToTheCap() {
        let policy = ProxmoxRetryPolicy(attempts: 10, base: .milliseconds(100), cap: .seconds(1), jitter: { 1 })
        #expect(policy.delay(afterFailure: 0) == .milliseconds(100))
        #expect(policy.delay(afterFailure: 1) == .milliseconds(200))
        #expect(policy.delay(afterFailure: 3) == .milliseconds(800))
        #expect(policy.delay(afterFailure: 4) == .seconds(1))
        #expect(policy.delay(afterFailure: 40) == .seconds(1))
        let low = ProxmoxRetryPolicy(base: .milliseconds(100), cap: .seconds(1), jitter: { 0 })
        #expect(low.delay(afterFailure: 1) == .milliseconds(100), "jitter keeps at least half the step")
    }

    @Test func aTaskStartingPOSTThatTimesOutAfterTheServerAcceptedItIsNotResent() async throws {
        let pve = try FakePVE { request, _ in
            // PVE started the clone, but its answer arrives after the client gave up.
            .data("\"\(sampleUPID)\"", delay: 1.5)
        }
        let options = FakePVE.fastOptions(attempts: 5, requestTimeout: .milliseconds(300))
        let error = try await #require(throws: ProxmoxError.self) {
            try await pve.client(options: options).clone(node: "pve1", template: 9000, newID: 105, name: "cp-1")
        }
        #expect(error.kind == .outcomeUnknown)
        #expect(error.transport == .requestTimeout)
        #expect(error.hint.contains("did not send it twice"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(pve.requests("POST", "/nodes/pve1/qemu/9000/clone").count == 1)
    }

    @Test func aGETThatTimesOutIsResent() async throws {
        let pve = try FakePVE { _, n in n == 0 ? .data("[]", delay: 1.0) : .data("[]") }
        let nodes = try await pve.client(options: FakePVE.fastOptions(requestTimeout: .milliseconds(300))).nodes()
        #expect(nodes.isEmpty)
        #expect(pve.requests("GET", "/nodes").count == 2)
    }

    @Test func alreadyExistsAfterARetriedCloneIsAnAdoptableResult() async throws {
        let pve = try FakePVE { _, n in
            n == 0 ? .pveError(500, "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout")
                : .pveError(500, "unable to create VM 105: config file already exists")
        }
        let result = try await pve.client().clone(node: "pve1", template: 9000, newID: 105)
        guard case .alreadyDone(let reason) = result else { Issue.record("expected alreadyDone, got \(result)"); return }
        #expect(reason.contains("already exists"))
        #expect(result.upid == nil)
        #expect(pve.requests.count == 2)
    }

    @Test func alreadyExistsOnTheFirstCloneAttemptIsAnError() async throws {
        let pve = try FakePVE { _, _ in .pveError(500, "unable to create VM 105: config file already exists") }
        let error = try await #require(throws: ProxmoxError.self) {
            try await pve.client().clone(node: "pve1", template: 9000, newID: 105)
        }
        #expect(error.kind == .alreadyExists)
        #expect(pve.requests.count == 1)
    }
}
