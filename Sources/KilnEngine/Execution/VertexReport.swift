/// What one vertex's task tells the executor's coordinator when it ends.
struct VertexReport: Sendable {
    enum Ending: Sendable {
        case finished(outputs: Attributes, duration: Duration)
        case failed(VertexFailure)
        case interrupted(elapsed: Duration)
        /// A stop came before it got going; nothing was done.
        case notStarted
    }

    var address: ResourceAddress
    var ending: Ending
}
