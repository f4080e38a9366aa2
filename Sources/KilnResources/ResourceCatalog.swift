import KilnEngine
import KilnPlan

/// The step that turns a validated plan into the resources the engine works on, and the
/// providers that own them. The provider issues (Proxmox, Talos, …) extend `standard`; until
/// they land it yields no resources, and `kiln plan` says so plainly.
///
/// Tests and test-support executables run the CLI with their own catalog (see
/// `KilnMain.run(_:catalog:)`), so test providers are never shipped in the `kiln` binary.
public struct ResourceCatalog: Sendable {
    public var providers: [any ResourceProvider]
    /// How long one resource of a type usually takes to create (a clone, a bootstrap), for
    /// `kiln graph --critical-path` and benchmarks; data the providers supply.
    public var expectedDurations: [String: Duration]
    private let build: @Sendable (Plan) throws -> [Resource]

    public init(providers: [any ResourceProvider], expectedDurations: [String: Duration] = [:],
                resources: @escaping @Sendable (Plan) throws -> [Resource]) {
        self.providers = providers
        self.expectedDurations = expectedDurations
        build = resources
    }

    /// The resources `plan` asks for, with their dependencies.
    public func resources(for plan: Plan) throws -> [Resource] { try build(plan) }

    /// What the shipped `kiln` knows today: no providers yet.
    public static let standard = ResourceCatalog(providers: [], resources: { _ in [] })

    /// The catalog commands use; `KilnMain.run(_:catalog:)` binds it for one invocation.
    @TaskLocal public static var current: ResourceCatalog = .standard
}
