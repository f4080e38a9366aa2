/// State could not be written for a vertex. The vertex fails: an effect must never start
/// without its intent on disk, and a result that is not recorded would be redone.
public struct StateRecordingError: HintedError, Sendable, CustomStringConvertible {
    public enum Stage: String, Hashable, Sendable {
        /// Before the effect: the effect did not start.
        case intent
        /// After the effect: it happened, state does not know yet; the pending intent lets
        /// the next run adopt it.
        case result
    }

    public var address: ResourceAddress
    public var stage: Stage
    public var underlying: any Error

    public init(address: ResourceAddress, stage: Stage, underlying: any Error) {
        self.address = address
        self.stage = stage
        self.underlying = underlying
    }

    public var description: String {
        switch stage {
        case .intent: "could not record the intent for \(address) before acting, so nothing was done: \(underlying)"
        case .result: "\(address) was done but its result could not be recorded: \(underlying)"
        }
    }

    public var hint: String {
        "check that the state directory is writable and has space, then run `kiln apply` again"
            + (stage == .result ? "; the next plan adopts what this step did" : "")
    }
}
