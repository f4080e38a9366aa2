/// A Talos disk image from the Image Factory: which schematic, Talos version and platform.
public struct TalosImage: Sendable, Hashable, CustomStringConvertible {
    public var schematic: String
    /// `v1.12.2`.
    public var version: String
    /// `nocloud` (reads network settings from Proxmox's cloud-init drive) or `metal`.
    public var platform: String
    public var architecture: String = "amd64"

    public init(schematic: String, version: String, platform: String) {
        self.schematic = schematic
        self.version = version
        self.platform = platform
    }

    /// `<schematic>/<version>/<platform>-amd64`, how it shows in plans and state.
    public var description: String { "\(schematic)/\(version)/\(platform)-\(architecture)" }

    init?(description: String) {
        let parts = description.split(separator: "/").map(String.init)
        guard parts.count == 3, parts[2].hasSuffix("-amd64") else { return nil }
        self.init(schematic: parts[0], version: parts[1], platform: String(parts[2].dropLast("-amd64".count)))
    }

    /// Where the Image Factory serves the raw disk, compressed.
    public var url: String {
        "https://factory.talos.dev/image/\(schematic)/\(version)/\(platform)-\(architecture).raw.zst"
    }
}
