/// Runs one vertex: takes a slot, gives the operation its context, races it against its
/// deadline and an immediate stop, records the result, and reports how it ended. Failures
/// are values here, never thrown: the coordinator decides what they mean for the graph.
struct VertexRunner: Sendable {
    let semaphore: AsyncSemaphore
    let recorder: any StateRecorder
    let stop: StopController
    let heartbeats: Heartbeats?
    let events: EngineEventSink

    private var clock: ContinuousClock { ContinuousClock() }

    /// Queues the vertex for a slot now, in the caller's order; `run` waits for it.
    func reserveSlot() -> AsyncSemaphore.Ticket { semaphore.reserve() }

    func run(_ job: VertexJob, slot ticket: AsyncSemaphore.Ticket,
             dependencyOutputs: [ResourceAddress: Attributes]) async -> VertexReport {
        let address = job.address
        let lease = SlotLease(semaphore: semaphore)
        // Waiting here holds nothing; a stop or cancellation while waiting means "not started".
        do { try await lease.acquire(ticket) } catch { return VertexReport(address: address, ending: .notStarted) }
        defer { lease.release() }
        guard stop.mode == nil, !Task.isCancelled else { return VertexReport(address: address, ending: .notStarted) }

        let start = clock.now
        let deadline = job.timeout.map { start + $0 }
        let progress = ProgressBox()
        events(.started(address, action: job.action, isGate: job.isGate))
        heartbeats?.begin(address, action: job.action, start: start, progress: progress)

        let recorder = self.recorder, events = self.events, clock = self.clock
        let context = OperationContext(
            address: address, dependencyOutputs: dependencyOutputs, deadline: deadline,
            recordIntent: { intent in
                do { try await recorder.recordIntent(intent, for: address) } catch {
                    throw StateRecordingError(address: address, stage: .intent, underlying: error)
                }
            },
            report: { latest in
                progress.set(latest)
                events(.progress(address, latest, elapsed: clock.now - start))
            },
            pause: { duration in try await lease.pause(for: duration) })

        let (result, interruption) = await race(job, context: context, deadline: deadline)
        heartbeats?.end(address)
        let elapsed = clock.now - start

        switch result {
        case .success(let outcome):
            // Finished, even if a stop or the deadline came at the same moment: record it.
            return await record(outcome, of: job, duration: elapsed)
        case .failure(let error):
            if interruption == nil && (stop.mode == .immediate || Task.isCancelled) {
                events(.interrupted(address, action: job.action, elapsed: elapsed))
                return VertexReport(address: address, ending: .interrupted(elapsed: elapsed))
            }
            let cause: any Error = if interruption == .timedOut, let timeout = job.timeout {
                GateTimeoutError(address: address, timeout: timeout, waitingFor: progress.value?.waitingFor,
                                 lastSeen: progress.value?.lastSeen)
            } else {
                error
            }
            return fail(job, cause)
        }
    }

    private func record(_ outcome: VertexJob.Outcome, of job: VertexJob, duration: Duration) async -> VertexReport {
        do {
            switch outcome {
            case .recorded(let record): try await recorder.recordResult(record, for: job.address)
            case .removed: try await recorder.recordResult(nil, for: job.address)
            case .unchanged: break
            }
        } catch {
            return fail(job, StateRecordingError(address: job.address, stage: .result, underlying: error))
        }
        events(.finished(job.address, action: job.action, duration: duration))
        return VertexReport(address: job.address, ending: .finished(outputs: outcome.outputs, duration: duration))
    }

    private func fail(_ job: VertexJob, _ error: any Error) -> VertexReport {
        let failure = VertexFailure(address: job.address, action: job.action, error: error,
                                    hint: DefaultHint.forFailure(of: job.action, error))
        events(.failed(failure))
        return VertexReport(address: job.address, ending: .failed(failure))
    }

    enum Interruption: Sendable { case timedOut }

    private enum RaceEvent: Sendable {
        case work(Result<VertexJob.Outcome, any Error>)
        case deadlinePassed
        case helperEnded
    }

    /// Runs the operation; with a deadline, beside a helper waiting for it, and whichever ends
    /// first cancels the other. An immediate stop reaches the operation as task cancellation
    /// (the executor cancels its group); the group waits for the operation to wind down, so
    /// nothing outlives the vertex.
    private func race(_ job: VertexJob, context: OperationContext, deadline: ContinuousClock.Instant?)
        async -> (Result<VertexJob.Outcome, any Error>, Interruption?) {
        guard let deadline else {
            do { return (.success(try await job.work(context)), nil) } catch { return (.failure(error), nil) }
        }
        return await withTaskGroup(of: RaceEvent.self) { group in
            group.addTask {
                do { return .work(.success(try await job.work(context))) } catch { return .work(.failure(error)) }
            }
            group.addTask {
                do { try await Task.sleep(until: deadline, clock: clock) } catch { return .helperEnded }
                return .deadlinePassed
            }
            var result: Result<VertexJob.Outcome, any Error>?
            var interruption: Interruption?
            while let event = await group.next() {
                switch event {
                case .work(let outcome):
                    result = outcome
                    group.cancelAll()
                case .deadlinePassed where result == nil:
                    interruption = interruption ?? .timedOut
                    group.cancelAll()
                default:
                    break
                }
            }
            return (result ?? .failure(CancellationError()), interruption)
        }
    }
}
