import Foundation
import KilnCrypto

/// The real `kiln` against the real `kiln-lab`, both run as programs: how close `kiln apply`
/// comes to the lab's critical path, and what `kiln plan` costs once 1,000 VMs exist. Requests
/// are counted in the lab's own log.
struct ProxmoxBenchmarks {
    let workspace: URL

    func run() async throws -> [Measurement] {
        let tools = try KilnTools.locate()
        return [try await applyHundred(tools), try await planThousand(tools)]
    }

    // MARK: Apply

    /// 100 VMs from one template at a tenth of PVE's time (a full clone: 2 s). PVE locks a
    /// template while it is cloned, so kiln clones one at a time: the critical path is the 100
    /// clones end to end, then the last VM's config (synchronous) and start.
    private func applyHundred(_ tools: KilnTools) async throws -> Measurement {
        let count = 100
        let timing = LabTiming(speed: 0.1)
        let folder = workspace.appendingPathComponent("proxmox-apply")
        return try await LabInstance.with(executable: tools.lab, directory: folder.appendingPathComponent("lab"),
                                          config: try timing.json, listen: "127.0.30.1:0") { lab in
            let plan = folder.appendingPathComponent("bench-\(count).yaml")
            let generated = GeneratedPlan(vms: count, endpoint: lab.endpoint)
            try generated.write(to: plan)
            try await lab.clearRequests()
            // kiln's default parallelism, spelled out so the row's name stays true.
            let apply = try await tools.kiln(["apply", "--auto-approve", "--parallelism", "10", plan.path,
                                               "--state-dir", folder.appendingPathComponent("state").path] + generated.vmTargets,
                                       lab: lab, output: folder.appendingPathComponent("apply.out"))
            guard apply.status == 0 else { throw LoopbackPeer.Failure(description: "kiln apply of \(count) VMs failed:\n\(apply.tail)") }
            let requests = try await lab.requests()

            let clone = timing.scaled(timing.timings.fullClone), start = timing.scaled(timing.timings.start)
            let bound = clone * count + start
            let ratio = apply.elapsed / bound
            // Where the time goes: the clones' pace, from the lab's own clock.
            let clones = requests.filter { $0.method == "POST" && $0.path.hasSuffix("/clone") }.map(\.time).sorted()
            let pace = clones.count > 1 ? (clones.last! - clones.first!) / Double(clones.count - 1) : 0
            let polls = requests.filter { $0.path.contains("/tasks/") }.count
            let refused = requests.filter { $0.status >= 400 }.count

            var row = Measurement(name: "kiln apply, \(count) VMs, 1 template (lab speed \(timing.speed), parallelism 10)",
                                  samples: [apply.elapsed], wallClock: apply.elapsed, items: (count, "VMs"))
            row.note = "critical path \(bound.formatted) (\(count) serial \(clone.formatted) clones + \(start.formatted) start); ratio "
                + String(format: "%.3f", ratio) + " (target ≤ 1.1: " + (ratio <= 1.1 ? "met" : "MISSED") + ")"
                + String(format: "; a clone every %.3f s", pace)
                + "; \(requests.count) requests, " + String(format: "%.1f", Double(requests.count) / Double(count))
                + " per VM (" + String(format: "%.1f", Double(polls) / Double(count)) + " task polls)"
                + (refused > 0 ? "; \(refused) answered ≥ 400" : "")
            return row
        }
    }

    // MARK: Plan

    /// `kiln plan` once 1,000 VMs exist and match the plan. The VMs are made first by `kiln
    /// apply` at lab speed 0 (tasks end at once; not measured), then `kiln plan` runs 5 times,
    /// each against a cleared request log.
    private func planThousand(_ tools: KilnTools) async throws -> Measurement {
        let count = 1000, runs = 5
        let folder = workspace.appendingPathComponent("proxmox-plan")
        return try await LabInstance.with(executable: tools.lab, directory: folder.appendingPathComponent("lab"),
                                          config: try LabTiming(speed: 0).json, listen: "127.0.30.2:0") { lab in
            let plan = folder.appendingPathComponent("bench-\(count).yaml")
            let state = folder.appendingPathComponent("state").path
            let generated = GeneratedPlan(vms: count, endpoint: lab.endpoint)
            try generated.write(to: plan)
            let setup = try await tools.kiln(["apply", "--auto-approve", plan.path, "--state-dir", state] + generated.vmTargets,
                                       lab: lab, output: folder.appendingPathComponent("setup.out"))
            guard setup.status == 0 else { throw LoopbackPeer.Failure(description: "setting up \(count) VMs failed:\n\(setup.tail)") }

            var samples: [Duration] = []
            var totals: Set<Int> = [], inventories: Set<Int> = [], perVM: Set<Int> = []
            for run in 1...runs {
                try await lab.clearRequests()
                let result = try await tools.kiln(["plan", "--detailed-exitcode", plan.path, "--state-dir", state] + generated.vmTargets,
                                            lab: lab, output: folder.appendingPathComponent("plan-\(run).out"))
                guard result.status == 0 else {
                    throw LoopbackPeer.Failure(description: "kiln plan over \(count) VMs just made exited \(result.status) (2: changes):\n\(result.tail)")
                }
                samples.append(result.elapsed)
                let requests = try await lab.requests()
                totals.insert(requests.count)
                inventories.insert(requests.filter { $0.path == "/cluster/resources" }.count)
                perVM.insert(requests.filter { $0.path.contains("/qemu/") }.count)
            }

            var row = Measurement(name: "kiln plan, 1,000 existing VMs, no changes",
                                  samples: samples, wallClock: samples.reduce(.zero, +), items: (count, "VMs"))
            let fast = row.percentile(0.5) < .seconds(2)
            let lean = inventories == [1] && perVM == [0]
            func list(_ values: Set<Int>) -> String { values.sorted().map(String.init).joined(separator: "/") }
            row.note = "target < 2 s: " + (fast ? "met" : "MISSED")
                + "; requests per run \(list(totals)): /cluster/resources \(list(inventories)), per VM \(list(perVM))"
                + " (target 1 and 0: " + (lean ? "met" : "MISSED") + ")"
                + "; setup apply of \(count) VMs at lab speed 0: \(setup.elapsed.formatted), not measured"
            return row
        }
    }
}

/// The lab's clock, written into its config.json: `speed` × PVE seconds, with the lab's default
/// durations spelled out so the bound below uses exactly what the lab sleeps.
struct LabTiming: Encodable {
    struct Timings: Encodable {
        var fullClone = 20.0
        var start = 3.0
        var resize = 1.0
    }

    struct Talos: Encodable {
        var enabled = false
    }

    var speed: Double
    var timings = Timings()
    /// The Proxmox rows run VMs only: no Talos nodes on their addresses.
    var talos = Talos()

    var json: Data { get throws { try JSONEncoder().encode(self) } }

    /// The lab's sleep for `seconds` of PVE time: whole milliseconds, as `ProxmoxCluster.scaled`
    /// rounds them. A clone sleeps this in 4 equal parts, a start in one.
    func scaled(_ seconds: Double) -> Duration { .milliseconds(Int((seconds * speed * 1000).rounded())) }
}

/// `kiln` and `kiln-lab`, built next to this executable (`make bench` builds all three), and the
/// state key every kiln run of the suite uses (base64 of 32 random bytes, as `KILN_STATE_KEY` wants).
struct KilnTools {
    let kiln: String
    let lab: String
    let stateKey: String

    static func locate() throws -> KilnTools {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        let folder = URL(fileURLWithPath: me).deletingLastPathComponent()
        let tools = KilnTools(kiln: folder.appendingPathComponent("kiln").path, lab: folder.appendingPathComponent("kiln-lab").path,
                              stateKey: Base64.encode(try AES256GCM.generateKey()))
        for path in [tools.kiln, tools.lab] where !FileManager.default.isExecutableFile(atPath: path) {
            throw LoopbackPeer.Failure(description: "\(path) is not built: swift build -c release --product kiln && swift build -c release --product kiln-lab")
        }
        return tools
    }
}

extension KilnTools {
    /// Runs kiln against `lab`: its `PROXMOX_VE_*` only (none of the caller's), a fresh state
    /// key in `KILN_STATE_KEY` (no key file), no colours.
    func kiln(_ arguments: [String], lab: LabInstance, output: URL) async throws -> Subprocess.Outcome {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PROXMOX_VE_") && !$0.key.hasPrefix("KILN_") }
        environment.merge(lab.exports) { $1 }
        environment["KILN_STATE_KEY"] = stateKey
        environment["NO_COLOR"] = "1"
        return try await Subprocess.run(kiln, arguments, environment: environment, output: output)
    }
}
