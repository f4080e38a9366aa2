/// What a plan found and what applying it would do. Made by `Planner`; rendered by the CLI;
/// checked by `ApplyPolicy`; turned into executor jobs by `jobs()`; saved by `SavedPlan`.
///
/// Holds desired resources and records (secrets included) to build jobs from, so it is not
/// Codable itself: `SavedPlan` is its masked, on-disk form.
public struct EnginePlan: Sendable {
    public let options: PlanOptions
    /// Every change that does something, in the order the executor may run them
    /// (topological; dependents first in destroy mode). Attribute changes are sorted by name.
    public let changes: [ResourceChange]
    /// "Changed outside kiln", found by the refresh: shown apart from `changes`.
    public let drift: [ResourceChange]
    /// One for each change that replaces or destroys something that exists (apply mode only:
    /// `kiln destroy` has its own confirmation).
    public let warnings: [PlanWarning]
    public let summary: PlanSummary
    /// Resources in the plan with nothing to do, sorted.
    public let unchanged: [ResourceAddress]

    /// All vertices in run order, no-ops included (their jobs pass outputs on).
    let vertices: [PlanVertex]
    let providers: ProviderTable

    init(options: PlanOptions, vertices: [PlanVertex], drift: [ResourceChange], providers: ProviderTable) {
        self.options = options
        self.vertices = vertices
        self.providers = providers
        self.drift = drift
        changes = vertices.map(\.change).filter { $0.action != .noOp }
        unchanged = vertices.filter { $0.change.action == .noOp }.map(\.address).sorted()
        summary = PlanSummary(vertices)
        warnings = options.mode == .apply ? vertices.filter(\.destroysExisting).map { PlanWarning($0.change) } : []
    }

    public var hasChanges: Bool { summary.hasChanges }

    /// The planned change for `address`, no-ops included; nil when it is not in the plan.
    public func change(for address: ResourceAddress) -> ResourceChange? {
        vertices.first { $0.address == address }?.change
    }

    /// Changes that destroy something that exists (replace or delete), gates excluded, in run order.
    public var destructiveChanges: [ResourceChange] { vertices.filter(\.destroysExisting).map(\.change) }
}
