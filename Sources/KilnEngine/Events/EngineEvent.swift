/// What the executor tells the outside while it runs, in the order things happen. The CLI
/// renders these as progress lines or JSON; the engine never prints.
///
/// Cadence: `progress` arrives whenever an operation reports; `stillRunning` arrives every
/// `Executor.Configuration.heartbeatInterval` (10 s by default) per running vertex, with the
/// latest progress, so a renderer prints Terraform's "Still creating… [1m10s elapsed]" (plus
/// what it waits for and last saw) without a timer of its own.
public enum EngineEvent: Sendable {
    case started(ResourceAddress, action: ResourceChange.Action, isGate: Bool)
    case progress(ResourceAddress, OperationProgress, elapsed: Duration)
    case stillRunning(ResourceAddress, action: ResourceChange.Action, elapsed: Duration, latest: OperationProgress?)
    case finished(ResourceAddress, action: ResourceChange.Action, duration: Duration)
    /// A root-cause failure (dependents that are skipped because of it get `skipped`).
    case failed(VertexFailure)
    case skipped(ResourceAddress, action: ResourceChange.Action, failedDependencies: [ResourceAddress])
    /// Was running when an immediate stop cancelled it.
    case interrupted(ResourceAddress, action: ResourceChange.Action, elapsed: Duration)
    case stopRequested(StopMode)
    case runFinished(RunCounts, duration: Duration)

    /// The vertex the event is about; nil for run-wide events.
    public var address: ResourceAddress? {
        switch self {
        case .started(let address, _, _), .progress(let address, _, _), .stillRunning(let address, _, _, _),
             .finished(let address, _, _), .skipped(let address, _, _), .interrupted(let address, _, _):
            address
        case .failed(let failure): failure.address
        case .stopRequested, .runFinished: nil
        }
    }
}

/// Receives events; called from many tasks, so it must be thread-safe and quick (hand off to
/// a renderer's own queue or stream rather than writing to a slow terminal inline).
public typealias EngineEventSink = @Sendable (EngineEvent) -> Void
