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
    private let build: @Sendable (Plan, ClusterFiles) throws -> [Resource]
    private let connect: @Sendable (Plan, ClusterFiles) throws -> [any ResourceProvider]

    /// Where a cluster's client files (kubeconfig, talosconfig) go: `<state dir>/<cluster>/`.
    public typealias ClusterFiles = TalosClusterFiles

    public init(expectedDurations: [String: Duration] = [:],
                resources: @escaping @Sendable (Plan, ClusterFiles) throws -> [Resource],
                providers: @escaping @Sendable (Plan, ClusterFiles) throws -> [any ResourceProvider]) {
        self.expectedDurations = expectedDurations
        build = resources
        connect = providers
    }

    /// A catalog whose providers do not depend on the plan (tests).
    public init(providers: [any ResourceProvider], expectedDurations: [String: Duration] = [:],
                resources: @escaping @Sendable (Plan) throws -> [Resource]) {
        self.init(expectedDurations: expectedDurations, resources: { plan, _ in try resources(plan) },
                  providers: { _, _ in providers })
    }

    /// The resources `plan` asks for, with their dependencies.
    public func resources(for plan: Plan, files: ClusterFiles) throws -> [Resource] { try build(plan, files) }

    /// The providers for `plan`'s resources, connected to where the plan points.
    public func providers(for plan: Plan, files: ClusterFiles) throws -> [any ResourceProvider] { try connect(plan, files) }

    /// What the shipped `kiln` knows: Proxmox VMs and the images they are made from, and the
    /// Talos side: secrets, each node's config, the etcd bootstrap and the client files.
    public static let standard = ResourceCatalog(
        expectedDurations: [ProxmoxVMResources.type: .seconds(60), ProxmoxImageResources.type: .seconds(60),
                            TalosSecretsResources.type: .seconds(2), TalosResources.configApply: .seconds(180),
                            TalosResources.bootstrap: .seconds(30), TalosResources.etcdHealthy: .seconds(60),
                            TalosResources.kubeconfig: .seconds(1), TalosResources.talosconfig: .seconds(1)],
        resources: { plan, files in try talosCluster(plan, files: files) },
        providers: { plan, files in
            try ProxmoxProviders.make(for: plan) + [TalosSecretsProvider(), TalosProvider(plan: plan, files: files)]
        })

    /// Proxmox VMs with Talos on them: each node's config waits for its VM.
    public static func talosCluster(_ plan: Plan, files: ClusterFiles) throws -> [Resource] {
        try TalosSecretsResources.resources(for: plan) + ProxmoxVMResources.resources(for: plan)
            + TalosResources.resources(for: plan, files: files, machineOf: ProxmoxVMResources.address(of:))
    }

    /// The catalog commands use; `KilnMain.run(_:catalog:)` binds it for one invocation.
    @TaskLocal public static var current: ResourceCatalog = .standard
}
