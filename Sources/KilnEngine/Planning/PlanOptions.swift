/// What `kiln plan`/`apply`/`destroy` ask the planner for.
public struct PlanOptions: Hashable, Codable, Sendable {
    public enum Mode: String, Hashable, Codable, Sendable {
        /// Bring the outside world to the desired resources.
        case apply
        /// Delete every recorded resource (`kiln destroy`).
        case destroy
    }

    public var mode: Mode
    /// `--target`: in apply mode, these and what they depend on; in destroy mode, these and
    /// what depends on them. Empty means everything.
    public var targets: Set<ResourceAddress>
    /// `--replace`: turn these into `-/+` even when nothing forces it.
    public var replace: Set<ResourceAddress>
    /// `--refresh=false` skips asking providers what exists now.
    public var refresh: Bool

    public init(mode: Mode = .apply, targets: Set<ResourceAddress> = [], replace: Set<ResourceAddress> = [],
                refresh: Bool = true) {
        self.mode = mode
        self.targets = targets
        self.replace = replace
        self.refresh = refresh
    }
}
