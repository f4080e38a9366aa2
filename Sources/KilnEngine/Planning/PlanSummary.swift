/// Totals for the last line of a plan, counted as Terraform counts: a replace is one to add
/// and one to destroy. Readiness gates are not resources, so their checks are counted apart.
public struct PlanSummary: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Creates plus replaces.
    public var toAdd: Int
    /// In-place updates.
    public var toChange: Int
    /// Deletes plus replaces.
    public var toDestroy: Int
    /// Unfinished operations of a run that stopped, to be adopted.
    public var toAdopt: Int
    /// Readiness gates that must pass (again).
    public var gatesToCheck: Int

    public init(toAdd: Int = 0, toChange: Int = 0, toDestroy: Int = 0, toAdopt: Int = 0, gatesToCheck: Int = 0) {
        self.toAdd = toAdd
        self.toChange = toChange
        self.toDestroy = toDestroy
        self.toAdopt = toAdopt
        self.gatesToCheck = gatesToCheck
    }

    init(_ vertices: [PlanVertex]) {
        self.init()
        for vertex in vertices {
            switch (vertex.change.action, vertex.isGate) {
            case (.create, true), (.read, true): gatesToCheck += 1
            case (.create, false): toAdd += 1
            case (.update, _): toChange += 1
            case (.replace, _): toAdd += 1; toDestroy += 1
            case (.delete, _): toDestroy += 1
            case (.adopt, _): toAdopt += 1
            case (.noOp, _), (.read, false): break
            }
        }
    }

    public var hasChanges: Bool { toAdd + toChange + toDestroy + toAdopt + gatesToCheck > 0 }

    /// "Plan: 1 to add, 0 to change, 0 to destroy." (plus adoptions and gate checks when there
    /// are any), or "No changes."
    public var description: String {
        guard hasChanges else { return "No changes." }
        var text = "Plan: \(toAdd) to add, \(toChange) to change, \(toDestroy) to destroy."
        if toAdopt > 0 { text += " \(toAdopt) unfinished operation\(toAdopt == 1 ? "" : "s") to adopt." }
        if gatesToCheck > 0 { text += " \(gatesToCheck) readiness check\(gatesToCheck == 1 ? "" : "s") to run." }
        return text
    }
}
