import Foundation
import KilnPlan

/// Reading and validating plans: what every `kiln` command pays before it does anything.
struct PlanBenchmarks {
    func run() async throws -> [Measurement] {
        let lab = "plans/lab.yaml", mesh = ["plans/homelab-main.yaml", "plans/homelab-gitlab.yaml"]
        guard FileManager.default.fileExists(atPath: lab) else {
            throw LoopbackPeer.Failure(description: "run from the repository root (plans/ not found)")
        }
        return [
            try await Runner.measure("load + validate plans/lab.yaml", count: 1000, width: 1) {
                guard PlanLoader.load(lab).isValid else { throw LoopbackPeer.Failure(description: "\(lab) is invalid") }
            },
            try await Runner.measure("load + validate the homelab mesh (2 plans)", count: 1000, width: 1) {
                _ = PlanLoader.loadAll(mesh)
            },
        ]
    }
}
