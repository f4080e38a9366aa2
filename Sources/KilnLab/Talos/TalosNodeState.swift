import Foundation
import GRPCCore
import KilnTalosAPI

/// One lab node's story, which survives power cycles like its disk: maintenance until a config
/// arrives, down while it "installs and reboots", then configured: roles by client certificate,
/// Bootstrap once per cluster, etcd membership, kubeconfig, reset and reboot.
actor TalosNodeState {
    enum Phase: Sendable, Equatable {
        /// The VM is off (or the node powered itself off after a reset).
        case off
        case maintenance
        /// Installing, rebooting, or waiting for its certificate (a worker before trustd can issue one).
        case rebooting
        case configured(since: ContinuousClock.Instant)

        var name: String {
            switch self {
            case .off: "off"
            case .maintenance: "maintenance"
            case .rebooting: "rebooting"
            case .configured: "configured"
            }
        }
    }

    /// What the node does to itself after answering: the listener carries it out.
    struct Control: Sendable {
        var rebootInto: @Sendable (TalosMachineConfigSummary) -> Void
        var reboot: @Sendable () -> Void
        /// Reset done: come back in maintenance (`reboot`) or power off.
        var reset: @Sendable (_ reboot: Bool) -> Void
    }

    let settings: TalosNodeSettings
    let registry: TalosClusterRegistry
    private(set) var faults: TalosNodeFaults
    private(set) var phase: Phase = .off
    /// Every config the node accepted, raw, in order: tests check what kiln sent.
    private(set) var appliedConfigs: [Data] = []
    /// The config the node runs (or installs), nil in maintenance and after a reset.
    private(set) var summary: TalosMachineConfigSummary?
    private(set) var bootstrapAccepted = 0
    private(set) var bootstrapRefused = 0
    private var control: Control?

    init(settings: TalosNodeSettings, registry: TalosClusterRegistry) {
        self.settings = settings
        self.registry = registry
        faults = settings.faults
    }

    var host: String { settings.host }
    var rebootTime: Duration { faults.rebootTime ?? settings.rebootTime }
    /// The cluster this node's config belongs to (its OS CA certificate).
    var cluster: String? { summary?.osCACertificate }
    var isControlPlane: Bool { summary?.machineType == .controlplane }
    var isEtcdMember: Bool {
        guard let cluster else { return false }
        return registry.members(of: cluster).contains { $0.host == host }
    }

    func setPhase(_ phase: Phase) {
        self.phase = phase
        if case .configured = phase, isControlPlane, let cluster {
            registry.controlPlaneUp(host, in: cluster, joinDelay: settings.etcdJoinDelay)
        }
    }

    func setControl(_ control: Control) { self.control = control }

    func setFaults(_ faults: TalosNodeFaults) { self.faults = faults }

    /// How long the `replyDelay` fault holds each answer.
    var replyDelay: Duration? { faults.replyDelay }

    /// What a caller may do, by its certificate's Organizations (Talos's roles). In maintenance
    /// nobody has a certificate, and only Version and ApplyConfiguration are served.
    func authorize(_ method: MachineServiceMethod, organizations: [String]) throws(RPCError) {
        if faults.unavailable {
            throw RPCError(code: .unavailable, message: "the node's machine API is not available (lab fault)")
        }
        switch phase {
        case .maintenance, .rebooting, .off:
            guard method == .version || method == .applyConfiguration else {
                throw RPCError(code: .permissionDenied, message: "\(method.rawValue) is not allowed in maintenance mode")
            }
        case .configured:
            if organizations.contains("os:admin") { return }
            let reads: Set<MachineServiceMethod> = [.version, .serviceList, .etcdMemberList, .etcdStatus]
            let etcdBackup: Set<MachineServiceMethod> = [.etcdMemberList, .etcdStatus]
            if organizations.contains("os:reader"), reads.contains(method) { return }
            if organizations.contains("os:etcd:backup"), etcdBackup.contains(method) { return }
            throw RPCError(code: .permissionDenied, message: "not authorized")
        }
    }

    func version() -> Machine_VersionResponse {
        var info = Machine_VersionInfo()
        info.tag = settings.talosVersion
        info.os = "linux"
        info.arch = "amd64"
        var platform = Machine_PlatformInfo()
        // Talos reports the platform and its runtime mode; nocloud runs in "cloud" mode, also
        // before it has a config.
        platform.name = "nocloud"
        platform.mode = "cloud"
        var reply = Machine_Version()
        reply.version = info
        reply.platform = platform
        var response = Machine_VersionResponse()
        response.messages = [reply]
        return response
    }

    /// Maintenance: REBOOT and AUTO become NO_REBOOT (the node installs, then boots the config),
    /// STAGED and TRY are refused; dry runs only validate. A config accepted in maintenance makes
    /// the node install and reboot, unless it is stuck there (a fault).
    func applyConfiguration(_ request: Machine_ApplyConfigurationRequest) throws(RPCError) -> Machine_ApplyConfigurationResponse {
        let summary: TalosMachineConfigSummary
        do {
            summary = try TalosMachineConfigSummary.parse(request.data)
        } catch {
            throw RPCError(code: .invalidArgument, message: "configuration validation failed: \(error.reason)")
        }
        if let validate = settings.validateConfig {
            let reasons = validate(request.data, settings.talosVersion)
            if !reasons.isEmpty {
                throw RPCError(code: .invalidArgument, message: "configuration validation failed: \(reasons.joined(separator: "; "))")
            }
        }
        let maintenance = phase == .maintenance
        let used: Machine_ApplyConfigurationRequest.Mode
        switch request.mode {
        case .reboot, .auto, .noReboot: used = maintenance ? .noReboot : (request.mode == .auto ? .noReboot : request.mode)
        case .staged where !maintenance: used = .staged
        case .staged, .try, .UNRECOGNIZED:
            throw RPCError(code: .invalidArgument,
                           message: "apply configuration in \(request.mode) mode is not supported\(maintenance ? " in maintenance mode" : "")")
        }
        var reply = Machine_ApplyConfiguration()
        reply.mode = used
        if request.dryRun {
            reply.modeDetails = "Dry run: the configuration is valid (\(summary.machineType.rawValue))"
        } else {
            appliedConfigs.append(request.data)
            self.summary = summary
            registry.saw(summary)
            reply.modeDetails = "Applied configuration without a reboot"
            if maintenance && !faults.stuckInMaintenance {
                phase = .rebooting
                control?.rebootInto(summary)
            }
        }
        var response = Machine_ApplyConfigurationResponse()
        response.messages = [reply]
        return response
    }

    /// Once per cluster, on a control plane, after the warm-up; then AlreadyExists from any of its
    /// control planes, as Talos answers when etcd's data directory is not empty.
    func bootstrap() throws(RPCError) -> Machine_BootstrapResponse {
        guard case .configured(let since) = phase, isControlPlane, let cluster else {
            bootstrapRefused += 1
            throw RPCError(code: .failedPrecondition, message: "bootstrap is only available on control plane nodes")
        }
        guard ContinuousClock.now - since >= faults.bootstrapWarmUp ?? settings.bootstrapWarmUp else {
            bootstrapRefused += 1
            throw RPCError(code: .failedPrecondition, message: "bootstrap is not available yet")
        }
        guard registry.bootstrap(cluster, from: host) else {
            bootstrapRefused += 1
            throw RPCError(code: .alreadyExists, message: "etcd data directory is not empty")
        }
        bootstrapAccepted += 1
        var response = Machine_BootstrapResponse()
        response.messages = [Machine_Bootstrap()]
        return response
    }

    /// Every member of the cluster's etcd, when this node is one; none before it joined.
    func etcdMemberList() -> Machine_EtcdMemberListResponse {
        var list = Machine_EtcdMembers()
        if let cluster, isEtcdMember {
            list.members = registry.members(of: cluster).map { member in
                var entry = Machine_EtcdMember()
                entry.id = member.id
                entry.hostname = member.host
                entry.peerUrls = ["https://\(member.host):2380"]
                entry.clientUrls = ["https://\(member.host):2379"]
                return entry
            }
        }
        var response = Machine_EtcdMemberListResponse()
        response.messages = [list]
        return response
    }

    /// This member's status: its id, the leader (the bootstrap node), a raft index and database
    /// that grow with the cluster's age. FailedPrecondition where etcd does not run.
    func etcdStatus() throws(RPCError) -> Machine_EtcdStatusResponse {
        guard let cluster, let member = registry.members(of: cluster).first(where: { $0.host == host }) else {
            throw RPCError(code: .failedPrecondition, message: "etcd is not running on this node")
        }
        // A raft entry every 100 ms of the member's life: enough to see it grow between two calls.
        let ticks = UInt64(max(0, (ContinuousClock.now - member.joined) / .milliseconds(100)))
        var status = Machine_EtcdMemberStatus()
        status.memberID = member.id
        status.leader = registry.leader(of: cluster)?.id ?? 0
        status.raftIndex = 8 + ticks
        status.dbSize = 20 * 1024 + Int64(ticks) * 512
        var reply = Machine_EtcdStatus()
        reply.memberStatus = status
        var response = Machine_EtcdStatusResponse()
        response.messages = [reply]
        return response
    }

    func serviceList() -> Machine_ServiceListResponse {
        func service(_ id: String, _ state: String, healthy: Bool) -> Machine_ServiceInfo {
            var info = Machine_ServiceInfo()
            info.id = id
            info.state = state
            info.health.healthy = healthy
            return info
        }
        var list = Machine_ServiceList()
        if summary?.machineType == .worker {
            list.services = [service("apid", "Running", healthy: true), service("kubelet", "Running", healthy: true)]
        } else {
            let member = isEtcdMember
            list.services = [
                service("apid", "Running", healthy: true),
                service("trustd", "Running", healthy: true),
                service("etcd", member ? "Running" : "Preparing", healthy: member),
                service("kubelet", "Running", healthy: true),
            ]
        }
        var response = Machine_ServiceListResponse()
        response.messages = [list]
        return response
    }

    /// The admin kubeconfig as `talosctl kubeconfig` receives it: a tar.gz holding `kubeconfig`.
    func kubeconfig() throws(RPCError) -> Data {
        guard let summary, summary.machineType == .controlplane else {
            throw RPCError(code: .failedPrecondition, message: "kubeconfig is only available on control plane nodes")
        }
        do {
            return try TalosKubeconfig.archive(for: summary)
        } catch {
            throw RPCError(code: .internalError, message: "kubeconfig: \(error)")
        }
    }

    /// Wipes the node's config (a graceful reset leaves etcd first), then reboots into
    /// maintenance or powers off.
    func reset(_ request: Machine_ResetRequest) -> Machine_ResetResponse {
        if let cluster { registry.reset(host, in: cluster, leaveEtcd: request.graceful) }
        summary = nil
        phase = .rebooting
        control?.reset(request.reboot)
        var response = Machine_ResetResponse()
        response.messages = [Machine_Reset()]
        return response
    }

    func reboot() -> Machine_RebootResponse {
        phase = .rebooting
        control?.reboot()
        var response = Machine_RebootResponse()
        response.messages = [Machine_Reboot()]
        return response
    }

    /// What `GET /lab/talos` shows of this node.
    func listing() -> TalosNodeListing {
        TalosNodeListing(
            address: host, port: settings.port, phase: phase.name, role: summary?.machineType.rawValue,
            cluster: cluster.flatMap { registry.name(of: $0) }, appliedConfigs: appliedConfigs.count,
            bootstrapAccepted: bootstrapAccepted, bootstrapRefused: bootstrapRefused, etcdMember: isEtcdMember)
    }
}

/// One node in `GET /lab/talos`.
public struct TalosNodeListing: Sendable, Codable, Equatable {
    public var address: String
    public var port: Int
    public var vmid: Int?
    public var phase: String
    public var role: String?
    public var cluster: String?
    public var appliedConfigs: Int
    public var bootstrapAccepted: Int
    public var bootstrapRefused: Int
    public var etcdMember: Bool
}
