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

    private enum CodingKeys: String, CodingKey { case mode, targets, replace, refresh }

    /// Sets written as sorted lists, so a saved plan's bytes do not depend on hashing order.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(targets.sorted(), forKey: .targets)
        try container.encode(replace.sorted(), forKey: .replace)
        try container.encode(refresh, forKey: .refresh)
    }
}
