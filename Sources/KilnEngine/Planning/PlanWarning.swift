/// A loud block in the plan for a change that destroys something that exists (a VM, the
/// cluster secrets): what goes, why, and the flag `apply` needs to go ahead.
public struct PlanWarning: Hashable, Codable, Sendable, CustomStringConvertible {
    public var address: ResourceAddress
    /// `.replace` or `.delete`.
    public var action: ResourceChange.Action
    /// The attributes whose change forces the replacement, sorted; empty when something else
    /// does (taint, `--replace`, an orphan).
    public var forcedBy: [String]
    /// Why, when no attribute forces it ("tainted: …", "--replace", "no longer in the plan").
    public var reason: String?

    public init(address: ResourceAddress, action: ResourceChange.Action, forcedBy: [String], reason: String?) {
        self.address = address
        self.action = action
        self.forcedBy = forcedBy
        self.reason = reason
    }

    init(_ change: ResourceChange) {
        self.init(address: change.address, action: change.action,
                  forcedBy: change.attributeChanges.filter(\.forcesReplacement).map(\.name).sorted(),
                  reason: change.reason)
    }

    /// Why it goes, in a few words: the forcing attributes first, else the reason.
    public var cause: String {
        if !forcedBy.isEmpty {
            let names = forcedBy.map { "`\($0)`" }.joined(separator: ", ")
            return names + (forcedBy.count == 1 ? " forces replacement" : " force replacement")
        }
        return reason ?? (action == .delete ? "no longer in the plan" : "replacement requested")
    }

    /// What `apply` needs to be told to go ahead.
    public var flag: String { action == .replace ? "--replace \(address) (or --allow-destroy)" : "--allow-destroy" }

    public var description: String {
        let what = action == .replace
            ? "\(address) will be destroyed and created again (-/+): \(cause)."
            : "\(address) will be destroyed (-): \(cause)."
        return "Warning: \(what)\n  Whatever it holds is lost. kiln apply refuses this unless you pass \(flag)."
    }
}
