/// The `faults` section of the lab config, also what `PUT /lab/faults` takes.
///
/// ```json
/// "faults": {
///   "seed": 7,
///   "rules": [{"match": "POST /nodes/{node}/qemu/{vmid}/clone", "times": 2, "error": {"status": 500, "message": "got timeout"}}],
///   "offlineNodes": ["pve2"]
/// }
/// ```
public struct FaultSettings: Sendable, Codable, Equatable {
    /// Seeds the generator behind `probability`, so a run can be repeated exactly.
    public var seed: UInt64
    public var rules: [FaultRule]
    /// Nodes that are down: calls under `/nodes/NAME/` answer 595 "No route to host", and
    /// `/cluster/resources` shows the node offline and its VMs with status `unknown`.
    public var offlineNodes: [String]

    public init(seed: UInt64 = 1, rules: [FaultRule] = [], offlineNodes: [String] = []) {
        self.seed = seed
        self.rules = rules
        self.offlineNodes = offlineNodes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        rules = try c.decodeIfPresent([FaultRule].self, forKey: .rules) ?? []
        offlineNodes = try c.decodeIfPresent([String].self, forKey: .offlineNodes) ?? []
    }

    public var problems: [String] {
        rules.enumerated().flatMap { index, rule in rule.problems.map { "faults.rules[\(index)]: \($0)" } }
    }
}
