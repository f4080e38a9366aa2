/// What `apply` may do without being told twice: never replace or delete something that
/// exists unless the user named it with `--replace ADDR` or passed `--allow-destroy`.
/// (Gap 4 of the lessons: a harmless-looking change must not silently replace a VM or
/// regenerate the cluster secrets.) Destroy mode passes: `kiln destroy` asks for itself.
public enum ApplyPolicy {
    public static func check(_ plan: EnginePlan, allowReplace: Set<ResourceAddress>,
                             allowDestroy: Bool) throws(ApplyPolicyError) {
        guard plan.options.mode == .apply, !allowDestroy else { return }
        let refusals = plan.destructiveChanges.compactMap { change -> ApplyPolicyError.Refusal? in
            if change.action == .replace && allowReplace.contains(change.address) { return nil }
            let warning = PlanWarning(change)
            return ApplyPolicyError.Refusal(address: change.address, action: change.action, why: warning.cause,
                                            flag: change.action == .replace ? "--replace \(change.address)" : "--allow-destroy")
        }
        guard refusals.isEmpty else { throw ApplyPolicyError(refusals: refusals) }
    }
}

/// `apply` refused: each change that would destroy something existing, why, and the flag
/// that allows it.
public struct ApplyPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Refusal: Hashable, Sendable {
        public var address: ResourceAddress
        /// `.replace` or `.delete`.
        public var action: ResourceChange.Action
        /// "`disk` forces replacement", "no longer in the plan", "tainted: …".
        public var why: String
        /// Exactly what to pass: `--replace ADDR` for a replace, `--allow-destroy` for a delete
        /// (`--allow-destroy` allows replacements too).
        public var flag: String

        public init(address: ResourceAddress, action: ResourceChange.Action, why: String, flag: String) {
            self.address = address
            self.action = action
            self.why = why
            self.flag = flag
        }
    }

    /// In plan order.
    public var refusals: [Refusal]

    public init(refusals: [Refusal]) { self.refusals = refusals }

    public var description: String {
        var lines = ["kiln apply refuses to destroy what exists without being told to:"]
        for refusal in refusals {
            let verb = refusal.action == .replace ? "would be destroyed and created again" : "would be destroyed"
            lines.append("  - \(refusal.address) \(verb) (\(refusal.why)): pass \(refusal.flag)")
        }
        lines.append("Review the plan first: whatever these hold is lost.")
        return lines.joined(separator: "\n")
    }
}
