/// A failure of one node inside a call that, as a whole, succeeded: Talos's apid proxies a call
/// to the `node`/`nodes` targets and reports each target's failure in its reply's
/// `metadata.error` and `metadata.status` instead of failing the call.
public struct NodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `metadata.hostname`: the target as the call named it (often an IP). nil when the reply did
    /// not say, which happens when the call carried no `node`/`nodes` metadata.
    public var node: String?
    public var error: GRPCError

    public init(node: String?, error: GRPCError) {
        self.node = node
        self.error = error
    }

    public var description: String { "\(node.map { "node \($0)" } ?? "the called node"): \(error)" }
}

extension Common_Metadata {
    /// The failure this metadata reports, nil for a successful reply. The status carries the
    /// code (so AlreadyExists stays AlreadyExists); `error` alone, as older apids sent, is Unknown.
    public var failure: GRPCError? {
        if hasStatus, status.code != 0 {
            let message = status.message.isEmpty ? error : status.message
            return GRPCError(code: GRPCStatusCode(wireValue: Int(status.code)), message: message)
        }
        return error.isEmpty ? nil : .unknown(error)
    }
}
