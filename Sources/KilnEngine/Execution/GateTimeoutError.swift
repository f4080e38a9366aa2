/// A vertex with a deadline (a readiness gate) overran it. Carries what it was waiting for and
/// the last thing it saw, so the message says more than "timed out".
public struct GateTimeoutError: HintedError, Hashable, Sendable, CustomStringConvertible {
    public var address: ResourceAddress
    public var timeout: Duration
    /// From the operation's last `context.report(waitingFor:lastSeen:)`; nil if it never reported.
    public var waitingFor: String?
    public var lastSeen: String?

    public init(address: ResourceAddress, timeout: Duration, waitingFor: String?, lastSeen: String?) {
        self.address = address
        self.timeout = timeout
        self.waitingFor = waitingFor
        self.lastSeen = lastSeen
    }

    public var description: String {
        var text = "\(address) did not become ready within \(ElapsedTime.text(timeout))"
        if let waitingFor { text += "; waiting for: \(waitingFor)" }
        if let lastSeen { text += ", last seen: \(lastSeen)" }
        return text
    }

    public var hint: String {
        let subject = waitingFor.map { "why \($0) is not happening" } ?? "what \(address) waits for"
        return "check \(subject); if it is only slow, raise the timeout, then run `kiln apply` again"
    }
}
