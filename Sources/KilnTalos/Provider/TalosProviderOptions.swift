/// How patient the Talos provider is. The defaults suit real hardware (an install from the
/// Image Factory takes minutes); tests and the lab shorten them.
public struct TalosProviderOptions: Sendable {
    /// From the VM's start until its Talos API answers in maintenance mode.
    public var maintenanceWait: Duration = .seconds(10 * 60)
    /// From an accepted config until the node answers over mutual TLS (install and reboot).
    public var installWait: Duration = .seconds(15 * 60)
    /// Bootstrap answering FailedPrecondition ("not available yet") is retried this long.
    public var bootstrapWait: Duration = .seconds(10 * 60)
    /// A changed config on a running node: how long the node may take to be healthy again.
    public var healthyWait: Duration = .seconds(10 * 60)
    /// Reset on destroy: how long to wait for the node to answer it.
    public var resetTimeout: Duration = .seconds(60)
    /// One call's own deadline.
    public var callTimeout: Duration = .seconds(30)
    /// First pause between probes; pauses grow to `maxPoll`.
    public var poll: Duration = .milliseconds(250)
    public var maxPoll: Duration = .seconds(5)
    /// The port apid listens on.
    public var port = 50000

    public init() {}
}
