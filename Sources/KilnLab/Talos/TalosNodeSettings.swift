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
    /// "Install and reboot" after a config in maintenance mode: the port is down this long.
    public var rebootTime: Duration
    /// After coming up configured, Bootstrap answers FailedPrecondition this long.
    public var bootstrapWarmUp: Duration

    public init(host: String = "127.0.0.1", port: Int = 50000, talosVersion: String = "v1.13.0",
                responseDelay: Duration = .zero, rebootTime: Duration = .milliseconds(300),
                bootstrapWarmUp: Duration = .zero) {
        self.host = host
        self.port = port
        self.talosVersion = talosVersion
        self.responseDelay = responseDelay
        self.rebootTime = rebootTime
        self.bootstrapWarmUp = bootstrapWarmUp
    }
}
