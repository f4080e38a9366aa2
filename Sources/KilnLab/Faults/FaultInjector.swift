/// The faults in force and their state (spent one-shot rules, the generator), kept by the
/// `ProxmoxCluster` actor: each request asks it once what happens to it.
struct FaultInjector: Sendable {
    private(set) var settings: FaultSettings
    private var matches: [FaultMatch?]
    private var remaining: [Int?]
    private var random: SeededGenerator

    init(_ settings: FaultSettings) {
        self.settings = settings
        matches = settings.rules.map { $0.match.flatMap(FaultMatch.init) }
        remaining = settings.rules.map(\.times)
        random = SeededGenerator(seed: settings.seed)
    }

    /// What happens to a request: the sum of the latencies of the rules that hit it, and the first
    /// effect among them. A rule whose effect cannot apply (a task fault on a call that starts no
    /// task) or comes after the chosen one is not spent.
    mutating func decide(method: String, template: String, startsTask: Bool) -> FaultDecision {
        var decision = FaultDecision()
        for (index, rule) in settings.rules.enumerated() {
            if let match = matches[index], !match.matches(method: method, template: template) { continue }
            if rule.match != nil && matches[index] == nil { continue }
            if remaining[index] == 0 { continue }
            let effect = rule.effect
            if let effect, decision.effect != nil || (effect.startsTaskOnly && !startsTask) { continue }
            if let probability = rule.probability, probability < 1, random.unit() >= probability { continue }
            if let left = remaining[index] { remaining[index] = left - 1 }
            decision.latency += rule.latency ?? 0
            if let effect { decision.effect = effect }
        }
        return decision
    }

    func isOffline(_ node: String) -> Bool { settings.offlineNodes.contains(node) }

    mutating func setOffline(_ node: String, _ offline: Bool) {
        settings.offlineNodes.removeAll { $0 == node }
        if offline { settings.offlineNodes.append(node) }
    }

    /// The settings with spent one-shot rules showing how many hits they have left.
    var current: FaultSettings {
        var copy = settings
        for index in copy.rules.indices { copy.rules[index].times = remaining[index] }
        return copy
    }
}

struct FaultDecision: Sendable, Equatable {
    /// PVE seconds, before the lab's `speed` scales them.
    var latency: Double = 0
    var effect: FaultEffect?
}

/// The fault a task-starting call carries into `ProxmoxCluster.startTask`.
enum FaultContext {
    @TaskLocal static var task: FaultEffect?
}
