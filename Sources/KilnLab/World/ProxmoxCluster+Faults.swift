/// Faults at runtime: what tests and `PUT /lab/faults` change while the lab runs.
extension ProxmoxCluster {
    /// The faults in force (one-shot rules show the hits they have left).
    public var faultSettings: FaultSettings { faults.current }

    /// Replaces every fault (rules, seed, offline nodes); the generator restarts from the seed.
    public func setFaults(_ settings: FaultSettings) throws {
        if let problem = settings.problems.first { throw PVEError(status: 400, problem) }
        faults = FaultInjector(settings)
    }

    /// Adds one rule after the others.
    public func addFault(_ rule: FaultRule) throws {
        var settings = faults.current
        settings.rules.append(rule)
        try setFaults(settings)
    }

    public func clearFaults() { faults = FaultInjector(FaultSettings()) }

    /// Takes a node down (or brings it back): its API calls fail, its VMs show status `unknown`.
    public func setNode(_ node: String, offline: Bool) throws {
        _ = try requireNode(node)
        faults.setOffline(node, offline)
    }

    public func isOffline(_ node: String) -> Bool { faults.isOffline(node) }

    func decideFault(method: String, template: String, startsTask: Bool) -> FaultDecision {
        faults.decide(method: method, template: template, startsTask: startsTask)
    }
}
