/// How long the VM provider waits for things PVE does in the background.
public struct ProxmoxVMProviderOptions: Sendable {
    /// Waiting for a VM's lock (`clone`, `backup`…) to clear before editing it.
    public var lockWait: Duration
    /// Graceful shutdown before a delete; PVE then powers the VM off (`forceStop`).
    public var shutdownTimeout: Duration
    /// First pause between lock probes; later ones double, up to `maxPoll`.
    public var poll: Duration
    public var maxPoll: Duration
    /// Tries when another client takes the VMID kiln picked (unpinned VMIDs only).
    public var vmidAttempts: Int
    /// Tries of a clone whose task failed on the template's lock (held by something other than
    /// kiln), and the first pause between them (doubling after each).
    public var cloneAttempts: Int
    public var cloneRetryPause: Duration
    /// Config reads refresh runs at once for VMs whose summary changed.
    public var refreshConcurrency: Int
    /// Where kiln uploads a Talos image on a node of a PVE older than 8.4 (which has no `import`
    /// storage content), for `qm disk import` to read. A directory of kiln's own, outside any storage.
    public var nodeImageDirectory: String
    /// Bound on one `qm disk import` over SSH (it copies the whole image).
    public var diskImportTimeout: Duration

    public init(lockWait: Duration = .seconds(120), shutdownTimeout: Duration = .seconds(60),
                poll: Duration = .milliseconds(250), maxPoll: Duration = .seconds(2), vmidAttempts: Int = 5,
                cloneAttempts: Int = 6, cloneRetryPause: Duration = .seconds(1), refreshConcurrency: Int = 8,
                nodeImageDirectory: String = "/var/tmp/kiln", diskImportTimeout: Duration = .seconds(3600)) {
        self.lockWait = lockWait
        self.shutdownTimeout = shutdownTimeout
        self.poll = poll
        self.maxPoll = maxPoll
        self.vmidAttempts = vmidAttempts
        self.cloneAttempts = cloneAttempts
        self.cloneRetryPause = cloneRetryPause
        self.refreshConcurrency = refreshConcurrency
        self.nodeImageDirectory = nodeImageDirectory
        self.diskImportTimeout = diskImportTimeout
    }
}
