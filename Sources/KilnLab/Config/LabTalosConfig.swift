import Foundation

extension LabConfig {
    /// The Talos nodes that come up on started VMs (`talos` in the config). Durations are in
    /// seconds a real node takes, scaled by the config's `speed` like the PVE timings.
    public struct Talos: Sendable, Codable, Equatable {
        /// Whether started VMs get a Talos node at all (off: a Proxmox-only lab).
        public var enabled: Bool = true
        /// apid's port on every node's address.
        public var port: Int = 50000
        /// What Version reports, e.g. `v1.12.2` (plans/lab.yaml's Talos).
        public var version: String = "v1.12.2"
        /// From the VM's start task ending to apid answering: the node boots.
        public var bootDelay: Double = 15
        /// "Install and reboot", Reboot and Reset: how long the port is down.
        public var rebootTime: Double = 30
        /// After coming up configured, Bootstrap answers FailedPrecondition this long.
        public var bootstrapWarmUp: Double = 10
        /// After bootstrap (or after coming up, if later), a control plane joins etcd this much later.
        public var etcdJoinDelay: Double = 15
        /// Faults by node address (`127.0.10.11`), from the start; `PUT /lab/talos/faults` replaces them.
        public var faults: [String: TalosFault] = [:]

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Talos()
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? d.enabled
            port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
            version = try c.decodeIfPresent(String.self, forKey: .version) ?? d.version
            bootDelay = try c.decodeIfPresent(Double.self, forKey: .bootDelay) ?? d.bootDelay
            rebootTime = try c.decodeIfPresent(Double.self, forKey: .rebootTime) ?? d.rebootTime
            bootstrapWarmUp = try c.decodeIfPresent(Double.self, forKey: .bootstrapWarmUp) ?? d.bootstrapWarmUp
            etcdJoinDelay = try c.decodeIfPresent(Double.self, forKey: .etcdJoinDelay) ?? d.etcdJoinDelay
            faults = try c.decodeIfPresent([String: TalosFault].self, forKey: .faults) ?? d.faults
        }
    }

    /// How one Talos node misbehaves. Unset fields leave the node as configured.
    public struct TalosFault: Sendable, Codable, Equatable {
        /// Accepts configs but never reboots into them: the node stays in maintenance.
        public var stuckInMaintenance: Bool?
        /// Every RPC answers Unavailable (apid up, the node's services not).
        public var unavailable: Bool?
        /// Seconds (before `speed`) this node's reboots take instead of `talos.rebootTime`.
        public var rebootTime: Double?
        /// Seconds (before `speed`) of this node's Bootstrap warm-up instead of `talos.bootstrapWarmUp`.
        public var bootstrapWarmUp: Double?
        /// Seconds (before `speed`) every reply is held after the call took effect: the node did
        /// it, the answer is late (a caller killed meanwhile never learns it happened).
        public var replyDelay: Double?

        public init(stuckInMaintenance: Bool? = nil, unavailable: Bool? = nil, rebootTime: Double? = nil,
                    bootstrapWarmUp: Double? = nil, replyDelay: Double? = nil) {
            self.stuckInMaintenance = stuckInMaintenance
            self.unavailable = unavailable
            self.rebootTime = rebootTime
            self.bootstrapWarmUp = bootstrapWarmUp
            self.replyDelay = replyDelay
        }
    }
}
