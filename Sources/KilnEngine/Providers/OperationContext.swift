/// What the executor hands a provider operation: where it is, the values its dependencies
/// produced, and the ways to tell the engine what is going on. Built by the executor; tests
/// build their own.
public struct OperationContext: Sendable {
    public let address: ResourceAddress
    /// Outputs of the resources this one depends on, as they were when it started: values
    /// produced at apply time (a VMID, a kubeconfig) reach dependents here, never at plan time.
    public let dependencyOutputs: [ResourceAddress: Attributes]
    /// When the operation must be done by (a gate's timeout); nil when unbounded.
    public let deadline: ContinuousClock.Instant?

    private let intentSink: @Sendable (PendingIntent) async throws -> Void
    private let progressSink: @Sendable (OperationProgress) -> Void
    private let pauseHandler: @Sendable (Duration) async throws -> Void

    public init(address: ResourceAddress, dependencyOutputs: [ResourceAddress: Attributes] = [:],
                deadline: ContinuousClock.Instant? = nil,
                recordIntent: @escaping @Sendable (PendingIntent) async throws -> Void,
                report: @escaping @Sendable (OperationProgress) -> Void = { _ in },
                pause: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.address = address
        self.dependencyOutputs = dependencyOutputs
        self.deadline = deadline
        intentSink = recordIntent
        progressSink = report
        pauseHandler = pause
    }

    /// Writes, durably, what is about to happen before it happens. Returns once it is on disk;
    /// throws when it cannot be written, and then the effect must not start.
    public func recordIntent(_ intent: PendingIntent) async throws { try await intentSink(intent) }

    /// Says what the operation waits for and what it saw last ("still creating… waiting for:
    /// task UPID:… , last seen: running").
    public func report(waitingFor: String, lastSeen: String? = nil) {
        progressSink(OperationProgress(waitingFor: waitingFor, lastSeen: lastSeen))
    }

    /// Sleeps between probes without holding a parallelism slot. Throws on cancellation.
    public func pause(for duration: Duration) async throws { try await pauseHandler(duration) }
}

/// A provider's latest word on a running operation.
public struct OperationProgress: Hashable, Sendable {
    public var waitingFor: String
    public var lastSeen: String?

    public init(waitingFor: String, lastSeen: String? = nil) {
        self.waitingFor = waitingFor
        self.lastSeen = lastSeen
    }
}
