import KilnEngine

/// The outside world as tests see it: how many times each resource was acted on (outside
/// effects must happen exactly once), and how much work is in flight at once.
actor TestWorld {
    let timeline: Timeline
    private(set) var effects: [ResourceAddress: Int] = [:]
    private(set) var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var done: Set<ResourceAddress> = []

    init(timeline: Timeline) {
        self.timeline = timeline
    }

    func begin(_ address: ResourceAddress) {
        effects[address, default: 0] += 1
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        timeline.append(.effectStarted(address))
    }

    func end(_ address: ResourceAddress) {
        inFlight -= 1
        done.insert(address)
        timeline.append(.effectFinished(address))
    }

    func isDone(_ address: ResourceAddress) -> Bool { done.contains(address) }
}

extension ResourceAddress {
    static func vm(_ name: String) -> ResourceAddress { ResourceAddress(type: "test_vm", name: name) }
    static func gate(_ name: String) -> ResourceAddress { ResourceAddress(type: "test_gate", name: name) }
}
