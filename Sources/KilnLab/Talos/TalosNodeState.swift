import Foundation
import GRPCCore
import KilnTalosAPI

/// One lab node's story: maintenance until a config arrives, down while it "installs and
/// reboots", then configured: roles by client certificate, Bootstrap once, etcd.
actor TalosNodeState {
    enum Phase: Sendable, Equatable {
        case maintenance
        case rebooting
        case configured(since: ContinuousClock.Instant)
    }

    let settings: TalosNodeSettings
    private(set) var phase: Phase = .maintenance
    /// Every config the node accepted, raw, in order: tests check what kiln sent.
    private(set) var appliedConfigs: [Data] = []
    private(set) var summary: TalosMachineConfigSummary?
    private(set) var bootstrapped = false

    init(settings: TalosNodeSettings) {
        self.settings = settings
    }

    func setPhase(_ phase: Phase) { self.phase = phase }

    /// What a caller may do, by its certificate's Organizations (Talos's roles). In maintenance
    /// nobody has a certificate, and only Version and ApplyConfiguration are served.
    func authorize(_ method: MachineServiceMethod, organizations: [String]) throws(RPCError) {
        switch phase {
        case .maintenance, .rebooting:
            guard method == .version || method == .applyConfiguration else {
                throw RPCError(code: .permissionDenied, message: "\(method.rawValue) is not allowed in maintenance mode")
            }
        case .configured:
            if organizations.contains("os:admin") { return }
            let reads: Set<MachineServiceMethod> = [.version, .serviceList, .etcdMemberList, .etcdStatus]
            guard organizations.contains("os:reader"), reads.contains(method) else {
                throw RPCError(code: .permissionDenied, message: "not authorized")
            }
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
    /// STAGED and TRY are refused; dry runs only validate. Returns the reply and, when the node
    /// must now install and reboot, the config it reboots into.
    func applyConfiguration(_ request: Machine_ApplyConfigurationRequest)
        throws(RPCError) -> (Machine_ApplyConfigurationResponse, rebootInto: TalosMachineConfigSummary?) {
        let summary: TalosMachineConfigSummary
        do {
            summary = try TalosMachineConfigSummary.parse(request.data)
        } catch {
            throw RPCError(code: .invalidArgument, message: "configuration validation failed: \(error.reason)")
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
        var rebootInto: TalosMachineConfigSummary?
        if request.dryRun {
            reply.modeDetails = "Dry run: the configuration is valid (\(summary.machineType.rawValue))"
        } else {
            appliedConfigs.append(request.data)
            self.summary = summary
            reply.modeDetails = "Applied configuration without a reboot"
            if maintenance {
                phase = .rebooting
                rebootInto = summary
            }
        }
        var response = Machine_ApplyConfigurationResponse()
        response.messages = [reply]
        return (response, rebootInto)
    }

    /// Once, on a control plane, after the warm-up; then AlreadyExists, as Talos answers.
    func bootstrap() throws(RPCError) -> Machine_BootstrapResponse {
        guard case .configured(let since) = phase, summary?.machineType == .controlplane else {
            throw RPCError(code: .failedPrecondition, message: "bootstrap is only available on control plane nodes")
        }
        guard ContinuousClock.now - since >= settings.bootstrapWarmUp else {
            throw RPCError(code: .failedPrecondition, message: "bootstrap is not available yet")
        }
        guard !bootstrapped else {
            throw RPCError(code: .alreadyExists, message: "etcd data directory is not empty")
        }
        bootstrapped = true
        var response = Machine_BootstrapResponse()
        response.messages = [Machine_Bootstrap()]
        return response
    }

    /// This node as the only member once bootstrapped; no members before.
    func etcdMemberList() -> Machine_EtcdMemberListResponse {
        var members = Machine_EtcdMembers()
        if bootstrapped {
            var member = Machine_EtcdMember()
            member.id = 0x1A2B_3C4D
            member.hostname = settings.host
            member.peerUrls = ["https://\(settings.host):2380"]
            member.clientUrls = ["https://\(settings.host):2379"]
            members.members = [member]
        }
        var response = Machine_EtcdMemberListResponse()
        response.messages = [members]
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
        list.services = [
            service("apid", "Running", healthy: true),
            service("trustd", "Running", healthy: true),
            service("etcd", bootstrapped ? "Running" : "Preparing", healthy: bootstrapped),
            service("kubelet", "Running", healthy: true),
        ]
        var response = Machine_ServiceListResponse()
        response.messages = [list]
        return response
    }
}
