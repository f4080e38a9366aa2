import KilnHTTP

/// Tuning of a `ProxmoxClient`; the defaults suit a real PVE, tests shrink the durations.
public struct ProxmoxClientOptions: Sendable {
    public var connectTimeout: Duration
    /// Limit on one request, connect to last byte.
    public var requestTimeout: Duration
    public var retry: ProxmoxRetryPolicy
    public var polling: ProxmoxTaskPolling
    public var clock: ProxmoxClock
    /// A ticket lives about two hours; kiln logs in again after this long.
    public var ticketRenewal: Duration
    public var proxy: ProxySettings

    public init(connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
                retry: ProxmoxRetryPolicy = ProxmoxRetryPolicy(), polling: ProxmoxTaskPolling = ProxmoxTaskPolling(),
                clock: ProxmoxClock = .continuous, ticketRenewal: Duration = .seconds(105 * 60),
                proxy: ProxySettings = .environment()) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.polling = polling
        self.clock = clock
        self.ticketRenewal = ticketRenewal
        self.proxy = proxy
    }
}
