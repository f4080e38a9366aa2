import Foundation
import KilnHTTP
import KilnProxmox
import KilnTestSupport
import Testing

@Suite("Waiting on tasks")
struct TaskWaitingTests {
    let upid = UPID(sampleUPID)!
    var statusPath: String { "/nodes/pve1/tasks/\(sampleUPID)/status" }
    var logPath: String { "/nodes/pve1/tasks/\(sampleUPID)/log" }

    static func status(_ state: String, _ exit: String? = nil) -> TestHTTPServer.Response {
        let exitField = exit.map { #","exitstatus":"\#($0)""# } ?? ""
        return .data(#"{"status":"\#(state)","type":"qmclone","id":"9000","upid":"\#(sampleUPID)"\#(exitField)}"#)
    }

    @Test func runningThenStoppedOKSucceedsPollingTheNodeFromTheUPID() async throws {
        let pve = try FakePVE { _, n in n < 3 ? Self.status("running") : Self.status("stopped", "OK") }
        let status = try await pve.client().waitForTask(upid)
        #expect(status.succeeded)
        #expect(status.exitStatus == "OK")
        #expect(pve.requests("GET", statusPath).count == 4)
        #expect(pve.requests.allSatisfy { $0.path == statusPath }, "\(pve.requests.map(\.target))")
    }

    @Test func warningsAreSuccess() async throws {
        let pve = try FakePVE { _, _ in Self.status("stopped", "WARNINGS: 2") }
        let status = try await pve.client().waitForTask(upid)
        #expect(status.succeeded)
        #expect(status.warningCount == 2)
    }

    @Test func aFailedTaskShowsTheLastLinesOfItsLog() async throws {
        let pve = try FakePVE { request, _ in
            if request.path == logPath {
                // 25 lines in all; the client asks for the tail.
                let start = Int(request.query?.split(separator: "&").first { $0.hasPrefix("start=") }?.dropFirst(6) ?? "0") ?? 0
                let lines = (start..<min(start + 10, 25)).map { #"{"n":\#($0 + 1),"t":"line \#($0 + 1)"}"# }
                return .init(status: 200, body: Data(#"{"data":[\#(lines.joined(separator: ","))],"total":25}"#.utf8))
            }
            return Self.status("stopped", "clone failed: storage 'nas' is not online")
        }
        let error = try await #require(throws: ProxmoxError.self) { try await pve.client().waitForTask(upid) }
        guard case .task(let failed, let exit, let lines) = error.kind else { Issue.record("expected a task error"); return }
        #expect(failed == sampleUPID)
        #expect(exit == "clone failed: storage 'nas' is not online")
        #expect(lines == (16...25).map { "line \($0)" })
        #expect(error.description.contains("line 25"))
        #expect(error.description.contains("storage 'nas' is not online"))
    }

    @Test func a400JustAfterCreationMeansNotVisibleYet() async throws {
        let pve = try FakePVE { _, n in
            n < 2 ? .pveError(400, "no such task") : Self.status("stopped", "OK")
        }
        let clock = ManualClock(advancesOnSleep: true)
        let status = try await pve.client(options: FakePVE.fastOptions(clock: clock.clock)).waitForTask(upid)
        #expect(status.succeeded)
        #expect(pve.requests.count == 3)
    }

    @Test func a400ThatLastsBeyondTheGraceIsAnError() async throws {
        let pve = try FakePVE { _, _ in .pveError(400, "no such task") }
        let clock = ManualClock(advancesOnSleep: true)
        let error = try await #require(throws: ProxmoxError.self) {
            try await pve.client(options: FakePVE.fastOptions(clock: clock.clock)).waitForTask(upid)
        }
        #expect(error.status == 400)
    }

    @Test func cancellingTheWaitStopsPollingPromptly() async throws {
        let pve = try FakePVE { _, _ in Self.status("running") }
        let client = try pve.client()
        let waiting = Task { try await client.waitForTask(upid) }
        while pve.requests.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        let started = ContinuousClock.now
        waiting.cancel()
        let result = await waiting.result
        // Polling would go on forever; "promptly" with room for a machine busy with other builds.
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(throws: CancellationError.self) { try result.get() }
        let polls = pve.requests.count
        try await Task.sleep(for: .milliseconds(150))
        #expect(pve.requests.count == polls, "no poll after cancellation")
    }

    @Test func progressIsReportedWithTheTaskAndElapsedTime() async throws {
        let pve = try FakePVE { _, n in n < 2 ? Self.status("running") : Self.status("stopped", "OK") }
        let reports = Reports()
        _ = try await pve.client().waitForTask(upid) { reports.append($0) }
        let seen = reports.all
        #expect(seen.count == 3)
        #expect(seen.allSatisfy { $0.upid == upid })
        #expect(seen.map { $0.status?.state } == [.running, .running, .stopped])
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.elapsed <= $1.elapsed })
    }

    @Test func pollingStartsFastAndSlowsDownToTheCap() async throws {
        let pve = try FakePVE { _, n in n < 6 ? Self.status("running") : Self.status("stopped", "OK") }
        let time = ManualClock()
        var options = FakePVE.fastOptions(clock: time.clock)
        options.polling = ProxmoxTaskPolling(initial: .milliseconds(200), growth: 2, cap: .seconds(1), elapsedFraction: nil)
        _ = try await pve.client(options: options).waitForTask(upid)
        #expect(time.pauses == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1), .seconds(1)])
    }

    @Test func aLongTaskIsSeenDoneAtMostATenthLate() async throws {
        let pve = try FakePVE { _, n in n < 40 ? Self.status("running") : Self.status("stopped", "OK") }
        let time = ManualClock(advancesOnSleep: true)
        var options = FakePVE.fastOptions(clock: time.clock)
        options.polling = ProxmoxTaskPolling()  // the defaults: 200 ms, ×1.5, 5 s cap, a tenth of the time waited
        _ = try await pve.client(options: options).waitForTask(upid)
        let pauses = time.pauses
        #expect(pauses.count == 40)
        for (index, pause) in pauses.enumerated() {
            let waited = pauses[..<index].reduce(Duration.zero, +)
            #expect(pause <= max(.milliseconds(200), waited / 10 + .nanoseconds(1)), "pause \(index): \(pause) after \(waited)")
        }
        #expect(pauses.prefix(10).allSatisfy { $0 == .milliseconds(200) }, "never faster than the first pause")
        #expect(pauses.last! > .seconds(1), "still slowing down")
    }

    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [ProxmoxTaskProgress] = []
        func append(_ p: ProxmoxTaskProgress) { lock.withLock { items.append(p) } }
        var all: [ProxmoxTaskProgress] { lock.withLock { items } }
    }
}
