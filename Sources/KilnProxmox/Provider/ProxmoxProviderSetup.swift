import Foundation
import KilnEngine
import KilnPlan

public enum ProxmoxProviders {
    /// The providers for `plan` (VMs and images, sharing one client and SSH settings): endpoint and credentials from `PROXMOX_VE_*` (the plan's endpoint
    /// when `PROXMOX_VE_ENDPOINT` is unset), trust from the plan's pin or CA file. Checked before
    /// any request; a missing or malformed setting is a `ProxmoxConfigurationError`.
    public static func make(for plan: Plan, environment: [String: String] = ProcessInfo.processInfo.environment,
                            options: ProxmoxVMProviderOptions = ProxmoxVMProviderOptions()) throws -> [any ResourceProvider] {
        var caPEM: String?
        if let caFile = plan.proxmox.caFile {
            guard let data = FileManager.default.contents(atPath: caFile) else {
                throw ProxmoxConfigurationError(setting: "proxmox.caFile", problem: "\(caFile) cannot be read",
                                                hint: "check the path and its permissions")
            }
            caPEM = String(decoding: data, as: UTF8.self)
        }
        let settings = try ProxmoxConnectionSettings.fromEnvironment(
            environment, plan: .init(endpoint: plan.proxmox.endpoint, caPEM: caPEM, fingerprint: plan.proxmox.fingerprint))
        let client = try ProxmoxClient(settings: settings)
        // SSH settings are read now, but a problem with them only matters (and is only reported)
        // when a PVE older than 8.4 has to get an image over SSH.
        let ssh = ProxmoxNodeSSH(Result { () throws(ProxmoxConfigurationError) in
            try ProxmoxSSHSettings.fromEnvironment(environment, endpointHost: settings.apiURL.host ?? "")
        })
        let cache = ImageCache(directory: ImageCache.defaultDirectory(environment))
        return [ProxmoxVMProvider(client: client, cluster: plan.name, options: options, ssh: ssh),
                ProxmoxImageProvider(client: client, ssh: ssh, cache: cache, nodeDirectory: options.nodeImageDirectory)]
    }
}
