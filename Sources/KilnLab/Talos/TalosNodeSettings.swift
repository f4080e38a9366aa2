import Foundation

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
    /// A configured control plane joins a bootstrapped cluster's etcd this much later.
    public var etcdJoinDelay: Duration
    /// Misbehaviour from the start; `TalosNode.setFaults` changes it at run time.
    public var faults: TalosNodeFaults
    /// A schema check of every config sent (the config, the node's Talos version): non-empty
    /// reasons make ApplyConfiguration answer InvalidArgument, as a real node's validation does.
    public var validateConfig: (@Sendable (_ config: Data, _ talosVersion: String) -> [String])?

    public init(host: String = "127.0.0.1", port: Int = 50000, talosVersion: String = "v1.13.0",
                responseDelay: Duration = .zero, rebootTime: Duration = .milliseconds(300),
                bootstrapWarmUp: Duration = .zero, etcdJoinDelay: Duration = .zero,
                faults: TalosNodeFaults = TalosNodeFaults(),
                validateConfig: (@Sendable (_ config: Data, _ talosVersion: String) -> [String])? = nil) {
        self.host = host
        self.port = port
        self.talosVersion = talosVersion
        self.responseDelay = responseDelay
        self.rebootTime = rebootTime
        self.bootstrapWarmUp = bootstrapWarmUp
        self.etcdJoinDelay = etcdJoinDelay
        self.faults = faults
        self.validateConfig = validateConfig
    }
}

/// A node's faults in lab time (the config's `TalosFault` after `speed`).
public struct TalosNodeFaults: Sendable, Equatable {
    public var stuckInMaintenance = false
    public var unavailable = false
    public var rebootTime: Duration?
    public var bootstrapWarmUp: Duration?
    public var replyDelay: Duration?

    public init(stuckInMaintenance: Bool = false, unavailable: Bool = false, rebootTime: Duration? = nil,
                bootstrapWarmUp: Duration? = nil, replyDelay: Duration? = nil) {
        self.stuckInMaintenance = stuckInMaintenance
        self.unavailable = unavailable
        self.rebootTime = rebootTime
        self.bootstrapWarmUp = bootstrapWarmUp
        self.replyDelay = replyDelay
    }

    /// `fault` with its seconds scaled by the lab's speed.
    public init(_ fault: LabConfig.TalosFault, speed: Double) {
        func scaled(_ seconds: Double?) -> Duration? {
            seconds.map { .milliseconds(Int(($0 * speed * 1000).rounded())) }
        }
        self.init(stuckInMaintenance: fault.stuckInMaintenance ?? false, unavailable: fault.unavailable ?? false,
                  rebootTime: scaled(fault.rebootTime), bootstrapWarmUp: scaled(fault.bootstrapWarmUp),
                  replyDelay: scaled(fault.replyDelay))
    }
}
