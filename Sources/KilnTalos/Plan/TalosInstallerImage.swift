import KilnPlan

/// The installer image a plan's nodes install (and upgrade) from.
///
/// 1. `talos.installerImage` when the plan gives one.
/// 2. With a schematic (`talos.schematic`, else the VM image's), the Image Factory's
///    platform installer `factory.talos.dev/<platform>-installer/<schematic>:<version>`: Proxmox
///    VMs run the `nocloud` platform (or `metal`, as the VM image says), and since Talos v1.10
///    the factory serves an installer per platform; the plain `installer/` path is the metal one.
///    The VM image's schematic is the default so the installed system keeps the extensions the
///    VM booted with (the QEMU guest agent, say).
/// 3. Otherwise Talos's own `ghcr.io/siderolabs/installer:<version>`, as `talosctl gen config` writes.
public enum TalosInstallerImage {
    public static let defaultFactoryRegistry = "factory.talos.dev"

    public static func reference(for plan: Plan) -> String {
        let version = plan.talos.version.tagged
        if let image = plan.talos.installerImage { return image }
        var schematic = plan.talos.schematic
        var platform = "nocloud"
        var registry = defaultFactoryRegistry
        if case .image(let imageSchematic, let imagePlatform, _, let factory) = plan.proxmox.source {
            schematic = schematic ?? imageSchematic
            platform = imagePlatform
            registry = registryHost(of: factory)
        }
        guard let schematic else { return "ghcr.io/siderolabs/installer:\(version)" }
        return "\(registry)/\(platform)-installer/\(schematic):\(version)"
    }

    /// `https://factory.example:8443/` → `factory.example:8443`: the factory serves its images
    /// from the same host as its HTTP frontend.
    static func registryHost(of factory: String) -> String {
        var host = Substring(factory)
        for scheme in ["https://", "http://"] where host.hasPrefix(scheme) { host = host.dropFirst(scheme.count) }
        while host.hasSuffix("/") { host = host.dropLast() }
        return host.isEmpty ? defaultFactoryRegistry : String(host)
    }
}
