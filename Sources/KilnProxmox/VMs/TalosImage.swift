/// A Talos disk image from the Image Factory: which schematic, Talos version and platform, and
/// where it is served from. Proxmox downloads it itself (`download-url`, content `import`) as a
/// qcow2 file, the one disk format the factory serves that PVE imports without decompressing.
public struct TalosImage: Sendable, Hashable {
    public var schematic: String
    /// `v1.12.2`.
    public var version: String
    /// `nocloud` (reads network settings from Proxmox's cloud-init drive) or `metal`.
    public var platform: String
    /// `https://factory.talos.dev`, or a mirror.
    public var factory: String
    public var architecture = "amd64"

    public init(schematic: String, version: String, platform: String, factory: String) {
        self.schematic = schematic
        self.version = version
        self.platform = platform
        self.factory = factory
    }

    public var url: String { "\(factory)/image/\(schematic)/\(version)/\(platform)-\(architecture).qcow2" }

    /// Named after what it holds, so two plans with the same image share the file.
    public var filename: String { "talos-\(schematic.prefix(12))-\(version)-\(platform)-\(architecture).qcow2" }

    /// What a VM made from it keeps as its `image` attribute: the schematic and platform. The
    /// Talos version is left out on purpose: upgrading Talos happens inside the running nodes,
    /// never by making new VMs.
    public static func vmSource(schematic: String, platform: String) -> String { "\(schematic)/\(platform)" }
}
