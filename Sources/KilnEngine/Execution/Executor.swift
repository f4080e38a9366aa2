import Synchronization

/// Runs a graph of vertex jobs, Terraform-style: a vertex starts when its dependencies have
/// finished; at most `parallelism` operations do work at once (waiting for dependencies or
/// sleeping between probes holds no slot); a failure skips only what depends on it; every
/// intent and result goes to the `StateRecorder` as it happens.
///
/// One executor runs once (a second `run()` starts nothing). `stop(_:)` may be called from any thread while `run()` is going
/// (see `StopSignals` for wiring Ctrl-C).
public final class Executor: Sendable {
    public struct Configuration: Sendable {
        /// Operations doing work at once; values below 1 count as 1.
        public var parallelism: Int
        /// How often a running vertex emits `EngineEvent.stillRunning`; nil for never.
        public var heartbeatInterval: Duration?

        public init(parallelism: Int = 10, heartbeatInterval: Duration? = .seconds(10)) {
            self.parallelism = parallelism
            self.heartbeatInterval = heartbeatInterval
        }
    }

    public let graph: ResourceGraph
    public let configuration: Configuration
    private let jobs: [ResourceAddress: VertexJob]
    private let recorder: any StateRecorder
    private let events: EngineEventSink
    private let stopController = StopController()
    private let hasRun = Atomic(false)

    /// Throws `GraphError` when two jobs share an address, a dependency is not a job, or the
    /// dependencies go round.
    public init(jobs: [VertexJob], recorder: any StateRecorder, configuration: Configuration = Configuration(),
                events: @escaping EngineEventSink = { _ in }) throws(GraphError) {
        var byAddress: [ResourceAddress: VertexJob] = [:]
        for job in jobs {
            guard byAddress[job.address] == nil else { throw .duplicateVertex(job.address) }
            byAddress[job.address] = job
        }
        graph = try ResourceGraph(dependencies: byAddress.mapValues(\.dependencies),
                                  gates: Set(jobs.filter(\.isGate).map(\.address)))
        self.jobs = byAddress
        self.recorder = recorder
        self.configuration = configuration
        self.events = events
    }

    /// Asks the run to stop. Graceful: start nothing new, let running operations finish.
    /// Immediate: also cancel running operations. Only escalates; repeated calls are harmless.
    public func stop(_ mode: StopMode) {
        if stopController.request(mode) { events(.stopRequested(mode)) }
    }

    /// Runs every job and returns how each ended. Never throws: failures are in the result.
    /// Cancelling the calling task is an immediate stop.
    public func run() async -> ExecutionResult {
        // Running the same jobs twice would repeat outside effects.
        guard !hasRun.exchange(true, ordering: .relaxed) else {
            var refused = ExecutionResult()
            refused.notStarted = graph.vertices.sorted()
            return refused
        }
        let clock = ContinuousClock()
        let started = clock.now
        let heartbeats = configuration.heartbeatInterval.map { Heartbeats(interval: $0, events: events) }
        let runner = VertexRunner(semaphore: AsyncSemaphore(permits: max(1, configuration.parallelism)),
                                  recorder: recorder, stop: stopController, heartbeats: heartbeats, events: events)
        var tracker = RunTracker(graph: graph, jobs: jobs)

        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { ticker in
                if let heartbeats { ticker.addTask { await heartbeats.run() } }
                await runVertices(with: runner, tracker: &tracker)
                ticker.cancelAll()
            }
        } onCancel: {
            stop(.immediate)
        }

        let result = tracker.finish(stop: stopController.mode, duration: clock.now - started)
        events(.runFinished(result.counts, duration: result.duration))
        return result
    }

    /// Starts each vertex when its dependencies are done, until none is left or a stop came.
    /// One watcher per run (not per vertex) turns an immediate stop into cancelling the group:
    /// per-vertex helpers cost more than the scheduling itself on large graphs.
    private func runVertices(with runner: VertexRunner, tracker: inout RunTracker) async {
        let jobs = self.jobs, stopController = self.stopController
        // nil is the watcher ending: after an immediate stop, or when no vertex is left.
        await withTaskGroup(of: VertexReport?.self) { group in
            var running = 0
            func start(_ address: ResourceAddress, tracker: RunTracker) {
                guard let job = jobs[address] else { return }
                let outputs = tracker.dependencyOutputs(of: address), slot = runner.reserveSlot()
                running += 1
                group.addTask { await runner.run(job, slot: slot, dependencyOutputs: outputs) }
            }
            for address in tracker.takeInitiallyReady() { start(address, tracker: tracker) }
            guard running > 0 else { return }
            group.addTask {
                await stopController.waitForImmediateStop()
                return nil
            }
            while let next = await group.next() {
                guard let report = next else {
                    // An immediate stop (or the end): cancel whatever still runs or waits.
                    group.cancelAll()
                    continue
                }
                running -= 1
                let (ready, skipped) = tracker.take(report)
                for vertex in skipped {
                    events(.skipped(vertex.address, action: vertex.action, failedDependencies: vertex.failedDependencies))
                }
                // After a stop nothing new starts; what became ready is reported as not started.
                if stopController.mode == nil {
                    // Queued here, in address order, so slots go to ready vertices in that order.
                    for address in ready { start(address, tracker: tracker) }
                }
                if running == 0 { group.cancelAll() }  // ends the watcher
            }
        }
    }
}
