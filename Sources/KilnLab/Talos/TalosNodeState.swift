import Foundation
import GRPCCore
import KilnTalosAPI

/// One lab node's story: maintenance until a config arrives, then (later) configured.
actor TalosNodeState {
    enum Phase: Sendable, Equatable { case maintenance, configured }

    let settings: TalosNodeSettings
    private(set) var phase: Phase = .maintenance
    /// Every config the node accepted, raw, in order: tests check what kiln sent.
    private(set) var appliedConfigs: [Data] = []
    private(set) var summary: TalosMachineConfigSummary?

    init(settings: TalosNodeSettings) {
        self.settings = settings
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
    /// STAGED and TRY are refused; dry runs only validate.
    func applyConfiguration(_ request: Machine_ApplyConfigurationRequest) throws(RPCError) -> Machine_ApplyConfigurationResponse {
        let summary: TalosMachineConfigSummary
        do {
            summary = try TalosMachineConfigSummary.parse(request.data)
        } catch {
            throw RPCError(code: .invalidArgument, message: "configuration validation failed: \(error.reason)")
        }
        let used: Machine_ApplyConfigurationRequest.Mode
        switch request.mode {
        case .reboot, .auto, .noReboot: used = .noReboot
        case .staged, .try, .UNRECOGNIZED:
            throw RPCError(code: .invalidArgument,
                           message: "apply configuration in \(request.mode) mode is not supported in maintenance mode")
        }
        var reply = Machine_ApplyConfiguration()
        reply.mode = used
        if request.dryRun {
            reply.modeDetails = "Dry run: the configuration is valid (\(summary.machineType.rawValue))"
        } else {
            appliedConfigs.append(request.data)
            self.summary = summary
            reply.modeDetails = "Applied configuration without a reboot"
        }
        var response = Machine_ApplyConfigurationResponse()
        response.messages = [reply]
        return response
    }

    /// What maintenance mode does not serve.
    func refuse(_ method: MachineServiceMethod) -> RPCError {
        RPCError(code: .permissionDenied, message: "\(method.rawValue) is not allowed in maintenance mode")
    }
}
