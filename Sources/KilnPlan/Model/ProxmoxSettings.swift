/// Where and how the VMs are made. Credentials are deliberately absent: they come from the
/// environment (`PROXMOX_VE_API_TOKEN`, or `PROXMOX_VE_USERNAME` + `PROXMOX_VE_PASSWORD`).
public struct ProxmoxSettings: Sendable, Equatable {
    public static let defaultCPU = "x86-64-v2-AES"

    /// Base URL, always https, without userinfo or path (`https://pve.example:8006`).
    public var endpoint: String
    public var host: String
    public var port: Int
    /// Default Proxmox node for VMs (a node's `proxmoxNode` overrides it).
    public var node: String
    public var source: VMSource
    public var storage: String
    public var bridge: String
    public var vlan: Int?
    public var pool: String?
    /// QEMU CPU type (`host`, `x86-64-v2-AES`…). Talos needs at least x86-64-v2.
    public var cpu: String
    /// Start the VMs when their Proxmox node boots.
    public var onBoot: Bool
    /// Enable the QEMU guest agent device: only useful with an image whose schematic has the
    /// `qemu-guest-agent` extension (the plain Talos image has no agent).
    public var guestAgent: Bool
    /// SHA-256 fingerprint of the PVE certificate, normalised to `AB:CD:…` (upper case, colons).
    public var fingerprint: String?
    /// Absolute path of a CA bundle that signs the PVE certificate.
    public var caFile: String?
}

/// What each VM is cloned or built from.
public enum VMSource: Sendable, Equatable {
    /// Full clone of an existing template VM.
    case template(vmid: Int)
    /// A Talos Image Factory disk image for this schematic, downloaded by Proxmox into
    /// `storage` (a file storage with the `import` content type, `local` by default) from
    /// `factory` (`https://factory.talos.dev` unless a mirror is given).
    case image(schematic: String, platform: String, storage: String, factory: String)

    public static let defaultImageStorage = "local"
    public static let defaultFactory = "https://factory.talos.dev"
}
