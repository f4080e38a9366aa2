/// How a run is asked to stop (first and second Ctrl-C).
public enum StopMode: String, Hashable, Codable, Sendable {
    /// Start nothing new; let running operations finish and record their results.
    case graceful
    /// Also cancel running operations now; record what is known (their intents stay in
    /// state, so the next run adopts what they left behind).
    case immediate
}
