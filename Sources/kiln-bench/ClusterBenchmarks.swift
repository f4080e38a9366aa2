import Foundation

/// `kiln apply` of the project's lab plan (3 control planes, 2 workers) from nothing to a
/// written kubeconfig, the real `kiln` against the real `kiln-lab` with its Talos nodes at the
/// demo's timings, next to the plan's critical path in those timings.
struct ClusterBenchmarks {
    let workspace: URL

    /// lab/demo.json's Talos timings (PVE seconds before `speed`).
    struct Timing: Encodable {
        struct Talos: Encodable {
            var enabled = true
            var bootDelay = 15.0, rebootTime = 30.0, bootstrapWarmUp = 10.0, etcdJoinDelay = 15.0
        }
        var speed = 0.1
        var timings = LabTiming.Timings()
        var talos = Talos()
        func scaled(_ seconds: Double) -> Double { seconds * speed }
    }

    func run() async throws -> [Measurement] {
        let tools = try KilnTools.locate()
        let timing = Timing()
        let folder = workspace.appendingPathComponent("cluster-apply")
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../plans/lab.yaml")
        return try await LabInstance.with(executable: tools.lab, directory: folder.appendingPathComponent("lab"),
                                          config: try JSONEncoder().encode(timing), listen: "127.0.41.1:0") { lab in
            // The lab plan on addresses of its own, pointing at this lab.
            let text = try String(contentsOf: source, encoding: .utf8)
                .replacingOccurrences(of: "https://127.0.10.1:8006", with: lab.endpoint)
                .replacingOccurrences(of: "127.0.10.", with: "127.0.41.")
            let plan = folder.appendingPathComponent("lab.yaml")
            try Data(text.utf8).write(to: plan)
            let state = folder.appendingPathComponent("state").path
            let apply = try await tools.kiln(["apply", "--auto-approve", plan.path, "--state-dir", state], lab: lab,
                                             output: folder.appendingPathComponent("apply.out"))
            guard apply.status == 0 else { throw LoopbackPeer.Failure(description: "kiln apply of the lab plan failed:\n\(apply.tail)") }
            guard FileManager.default.fileExists(atPath: state + "/lab/kubeconfig") else {
                throw LoopbackPeer.Failure(description: "the apply finished without a kubeconfig")
            }
            let bound = Self.criticalPath(timing)
            let ratio = apply.elapsed / .milliseconds(Int(bound * 1000))
            var row = Measurement(name: "kiln apply, plans/lab.yaml → kubeconfig (5 nodes, lab speed \(timing.speed))",
                                  samples: [apply.elapsed], wallClock: apply.elapsed, items: (5, "nodes"))
            row.note = String(format: "critical path %.1f s; ratio %.3f", bound, ratio)
                + " (5 serial clones, start, boot, install-and-reboot, bootstrap warm-up, etcd join)"
            return [row]
        }
    }

    /// The plan's critical path in lab time. One template: clones run one after another, in
    /// address order (control planes first). A node is configured `clone end + start + boot +
    /// reboot` after the apply starts; bootstrap waits for the first control plane plus the
    /// warm-up; each control plane joins etcd `join` after the later of that and its own boot;
    /// the kubeconfig follows the last join. The apply ends with the later of that and the last node.
    static func criticalPath(_ timing: Timing) -> Double {
        let clone = timing.scaled(timing.timings.fullClone), start = timing.scaled(timing.timings.start)
        let boot = timing.scaled(timing.talos.bootDelay), reboot = timing.scaled(timing.talos.rebootTime)
        let roles = ["cp", "cp", "cp", "worker", "worker"]
        let configured = roles.indices.map { Double($0 + 1) * clone + start + boot + reboot }
        let bootstrap = configured[0] + timing.scaled(timing.talos.bootstrapWarmUp)
        let joined = roles.indices.filter { roles[$0] == "cp" }
            .map { max(configured[$0], bootstrap) + timing.scaled(timing.talos.etcdJoinDelay) }
        return max(joined.max() ?? 0, configured.max() ?? 0)
    }
}
