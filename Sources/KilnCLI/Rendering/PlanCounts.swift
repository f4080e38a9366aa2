import KilnEngine

/// What a plan does, counted the way its summary line says it (a replacement is one add and one
/// destroy). `hasChanges` decides `--detailed-exitcode`'s 2.
public struct PlanCounts: Hashable, Sendable {
    public var add = 0
    public var change = 0
    public var destroy = 0
    public var adopt = 0
    public var read = 0

    public init(_ changes: [ResourceChange]) {
        for change in changes {
            switch change.action {
            case .create: add += 1
            case .update: self.change += 1
            case .replace: add += 1; destroy += 1
            case .delete: destroy += 1
            case .adopt: adopt += 1
            case .read: read += 1
            case .noOp: break
            }
        }
    }

    /// Anything that changes the outside world (reads do not).
    public var hasChanges: Bool { add + change + destroy + adopt > 0 }

    /// `Plan: 1 to add, 2 to change, 0 to destroy.` (adoptions first, when there are any).
    public var line: String {
        let adopting = adopt > 0 ? "\(adopt) to adopt, " : ""
        return "Plan: \(adopting)\(add) to add, \(change) to change, \(destroy) to destroy."
    }
}
