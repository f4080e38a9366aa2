import Foundation
import KilnCLI
@testable import KilnEngine  // ExecutionResult has no public initialiser; the executor builds it
import Synchronization
import Testing

/// `kiln apply`'s progress lines and final summary.
@Suite struct ProgressRendererTests {
    static let vm = ResourceAddress(type: "proxmox_vm", name: "cp-1")
    static let config = ResourceAddress(type: "talos_config", name: "cp-1")
    static let gate = ResourceAddress(type: "k8s_api", name: "ready")

    struct StorageFull: HintedError, CustomStringConvertible {
        var description: String { "storage local-lvm is full" }
        var hint: String { "free space on local-lvm, then run `kiln apply` again" }
    }

    func render(_ events: [EngineEvent], style: TerminalStyle = .plain) -> String {
        let output = Mutex("")
        let renderer = ProgressRenderer(style: style) { text in output.withLock { $0 += text } }
        events.forEach(renderer.sink)
        return output.withLock { $0 }
    }

    @Test func linesForASuccessfulRun() {
        let text = render([
            .started(Self.vm, action: .create, isGate: false),
            .progress(Self.vm, OperationProgress(waitingFor: "clone task"), elapsed: .seconds(3)),
            .stillRunning(Self.vm, action: .create, elapsed: .seconds(70),
                          latest: OperationProgress(waitingFor: "clone task UPID:pve1:0001", lastSeen: "running")),
            .finished(Self.vm, action: .create, duration: .seconds(72)),
            .started(Self.gate, action: .create, isGate: true),
            .stillRunning(Self.gate, action: .create, elapsed: .seconds(10), latest: nil),
            .finished(Self.gate, action: .create, duration: .seconds(12)),
            .started(Self.config, action: .update, isGate: false),
            .finished(Self.config, action: .update, duration: .milliseconds(400)),
            .runFinished(RunCounts(finished: 3, added: 2, changed: 1), duration: .seconds(130)),
        ])
        #expect(text == """
            proxmox_vm.cp-1: Creating...
            proxmox_vm.cp-1: Still creating... [1m10s elapsed] waiting for: clone task UPID:pve1:0001, last seen: running
            proxmox_vm.cp-1: Creation complete after 1m12s
            k8s_api.ready: Waiting...
            k8s_api.ready: Still waiting... [10s elapsed]
            k8s_api.ready: Ready after 12s
            talos_config.cp-1: Modifying...
            talos_config.cp-1: Modifications complete after 400ms
            Apply complete! Resources: 2 added, 1 changed, 0 destroyed. (took 2m10s)

            """)
    }

    @Test func failureSkipsAndRootCauseSummary() {
        let failure = VertexFailure(address: Self.vm, action: .create, error: StorageFull(), hint: StorageFull().hint)
        let text = render([
            .started(Self.vm, action: .create, isGate: false),
            .failed(failure),
            .skipped(Self.config, action: .create, failedDependencies: [Self.vm]),
            .runFinished(RunCounts(failed: 1, skipped: 1), duration: .seconds(5)),
        ])
        #expect(text == """
            proxmox_vm.cp-1: Creating...
            proxmox_vm.cp-1: Creation failed: storage local-lvm is full
            talos_config.cp-1: Skipped: it depends on proxmox_vm.cp-1, which failed
            Apply failed after 5s. Resources: 0 added, 0 changed, 0 destroyed; 1 failed, 1 skipped.

            """)
        var result = ExecutionResult()
        result.failures = [failure]
        result.skipped = [ExecutionResult.Skipped(address: Self.config, action: .create, failedDependencies: [Self.vm])]
        #expect(ProgressRenderer { _ in }.errorSummary(result) == """
            Error: proxmox_vm.cp-1: creating failed: storage local-lvm is full
              hint: free space on local-lvm, then run `kiln apply` again
              skipped because of it: talos_config.cp-1
            """)
    }

    @Test func interruption() {
        let text = render([
            .stopRequested(.graceful),
            .stopRequested(.immediate),
            .interrupted(Self.vm, action: .create, elapsed: .seconds(5)),
            .runFinished(RunCounts(interrupted: 1, notStarted: 2), duration: .seconds(6)),
        ])
        #expect(text == """
            Stopping: nothing new starts; running steps finish and are recorded. Press Ctrl-C again to cancel them now.
            Stopping now: cancelling running steps; what they started stays recorded for the next apply to adopt.
            proxmox_vm.cp-1: Interrupted after 5s while creating; what it started is recorded and the next apply adopts it
            Apply interrupted after 6s. Resources: 0 added, 0 changed, 0 destroyed; 1 interrupted, 2 not started.

            """)
        var result = ExecutionResult()
        result.interrupted = [ExecutionResult.Interrupted(address: Self.vm, action: .create, elapsed: .seconds(5))]
        result.notStarted = [Self.config]
        #expect(ProgressRenderer { _ in }.errorSummary(result) == """
            Interrupted while running (their intents stay in state; the next apply adopts what they left):
              proxmox_vm.cp-1: creating, 5s

            Not started: talos_config.cp-1
            """)
        #expect(ProgressRenderer { _ in }.errorSummary(ExecutionResult()) == nil)
    }

    @Test func destroyWording() {
        let renderer = ProgressRenderer(operation: .destroy) { _ in }
        #expect(renderer.lines(for: .started(Self.vm, action: .delete, isGate: false)) == ["proxmox_vm.cp-1: Destroying..."])
        #expect(renderer.lines(for: .finished(Self.vm, action: .delete, duration: .seconds(3)))
                == ["proxmox_vm.cp-1: Destruction complete after 3s"])
        #expect(renderer.finalLine(RunCounts(finished: 1, destroyed: 1), duration: .seconds(3))
                == "Destroy complete! Resources: 1 destroyed. (took 3s)")
    }

    @Test func escapeCodesOnlyWithColour() {
        let events: [EngineEvent] = [.started(Self.vm, action: .create, isGate: false),
                                     .runFinished(RunCounts(finished: 1, added: 1), duration: .seconds(1))]
        #expect(!render(events).contains("\u{1B}"))
        #expect(render(events, style: TerminalStyle(enabled: true)).contains("\u{1B}[32m\u{1B}[1mApply complete!"))
    }

    @Test func credentialsInProviderTextAreNotPrinted() {
        let text = render([.stillRunning(Self.vm, action: .create, elapsed: .seconds(10),
                                         latest: OperationProgress(waitingFor: "PVEAPIToken=root@pam!kiln=0b1e-secret"))])
        #expect(!text.contains("0b1e-secret"))
    }
}
