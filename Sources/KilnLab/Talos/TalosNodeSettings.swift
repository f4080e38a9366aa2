/// What a lab Talos node is: where it listens and how it behaves.
public struct TalosNodeSettings: Sendable {
    /// A loopback address (Linux routes all of 127/8 to lo), as the VM's IP.
    public var host: String
    /// 50000 like apid; 0 picks a free port (tests).
    public var port: Int
    /// What Version reports as the tag, e.g. `v1.13.0`.
    public var talosVersion: String
    /// Held before every answer: a slow node, for deadlines.
    public var responseDelay: Duration

    public init(host: String = "127.0.0.1", port: Int = 50000, talosVersion: String = "v1.13.0",
                responseDelay: Duration = .zero) {
        self.host = host
        self.port = port
        self.talosVersion = talosVersion
        self.responseDelay = responseDelay
    }
}
