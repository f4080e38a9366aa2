import KilnEngine
import KilnPlan
import KilnProxmox
import KilnTalos

/// The step that turns a validated plan into the resources the engine works on, and the
/// providers that own them.
///
/// Resources come from the plan alone (no credentials, no network: `kiln graph` needs only
/// them). Providers are made per plan, when a command is about to talk to the outside world:
/// that is where missing credentials are reported, before any request.
///
/// Tests and test-support executables run the CLI with their own catalog (see
/// `KilnMain.run(_:catalog:)`), so test providers are never shipped in the `kiln` binary.
public struct ResourceCatalog: Sendable {
    /// How long one resource of a type usually takes to create (a clone, a bootstrap), for
    /// `kiln graph --critical-path` and benchmarks; data the providers supply.
    public var expectedDurations: [String: Duration]
    private let build: @Sendable (Plan) throws -> [Resource]
    private let connect: @Sendable (Plan) throws -> [any ResourceProvider]

    public init(expectedDurations: [String: Duration] = [:],
                resources: @escaping @Sendable (Plan) throws -> [Resource],
                providers: @escaping @Sendable (Plan) throws -> [any ResourceProvider]) {
        self.expectedDurations = expectedDurations
        build = resources
        connect = providers
    }

    /// A catalog whose providers do not depend on the plan (tests).
    public init(providers: [any ResourceProvider], expectedDurations: [String: Duration] = [:],
                resources: @escaping @Sendable (Plan) throws -> [Resource]) {
        self.init(expectedDurations: expectedDurations, resources: resources, providers: { _ in providers })
    }

    /// The resources `plan` asks for, with their dependencies.
    public func resources(for plan: Plan) throws -> [Resource] { try build(plan) }

    /// The providers for `plan`'s resources, connected to where the plan points.
    public func providers(for plan: Plan) throws -> [any ResourceProvider] { try connect(plan) }

    /// What the shipped `kiln` knows: Proxmox VMs and the images they are made from, and the
    /// Talos secrets bundle.
    public static let standard = ResourceCatalog(
        expectedDurations: [ProxmoxVMResources.type: .seconds(60), ProxmoxImageResources.type: .seconds(60),
                            TalosSecretsResources.type: .seconds(2)],
        resources: { plan in TalosSecretsResources.resources(for: plan) + ProxmoxVMResources.resources(for: plan) },
        providers: { plan in try ProxmoxProviders.make(for: plan) + [TalosSecretsProvider()] })

    /// The catalog commands use; `KilnMain.run(_:catalog:)` binds it for one invocation.
    @TaskLocal public static var current: ResourceCatalog = .standard
}
