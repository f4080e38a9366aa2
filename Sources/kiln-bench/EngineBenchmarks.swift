import Foundation
import KilnCrypto
import KilnEngine

/// The engine without the outside world: what scheduling costs the executor, how close a run
/// comes to its critical path, and what durable state and a 1,000-resource plan cost.
struct EngineBenchmarks {
    let workspace: URL

    func run() async throws -> [Measurement] {
        try await schedulingOverhead() + makespan() + stateAndMemory()
    }

    private static let clock = ContinuousClock()

    // MARK: Scheduling overhead

    /// 10,000 zero-work vertices, parallelism 10, a recorder in memory: `run()` is all overhead.
    private func schedulingOverhead() async throws -> [Measurement] {
        let count = 10_000, rounds = 8
        let dag = RandomDAG(count: count, seed: 1) { ResourceAddress(type: "bench", name: String(format: "v%05d", $0)) }
        var builds: [Duration] = [], runs: [Duration] = []
        for round in 0...rounds {  // round 0 warms up
            let jobs = dag.vertices.map { vertex in
                VertexJob(address: vertex.address, action: .create, dependencies: vertex.dependencies) { context in
                    .recorded(ResourceRecord(address: context.address))
                }
            }
            let buildStart = Self.clock.now
            let executor = try Executor(jobs: jobs, recorder: NullStateRecorder(), configuration: .init(parallelism: 10))
            let runStart = Self.clock.now
            let result = await executor.run()
            let runEnd = Self.clock.now
            guard result.succeeded, result.finished.count == count else {
                throw LoopbackPeer.Failure(description: "the 10k-vertex run did not finish every vertex")
            }
            if round > 0 {
                builds.append(runStart - buildStart)
                runs.append(runEnd - runStart)
            }
        }
        var build = Measurement(name: "executor init (graph checks), 10k vertices", samples: builds,
                                wallClock: builds.reduce(.zero, +), items: (count, "vertices"))
        build.note = "not part of run()"
        var run = Measurement(name: "executor run(), 10k zero-work vertices, parallelism 10", samples: runs,
                              wallClock: runs.reduce(.zero, +), items: (count, "vertices"))
        let perVertex = run.percentile(0.5) / count
        run.note = "target < 50 ms: " + (run.percentile(0.5) < .milliseconds(50) ? "met" : "MISSED")
            + " (p50 \(perVertex.formatted)/vertex)"
        return [build, run]
    }

    // MARK: Makespan

    /// 200 vertices sleeping 5–50 ms each: measured makespan against the best possible
    /// (the critical path when unbounded, the simulated schedule at parallelism 10).
    private func makespan() async throws -> [Measurement] {
        let count = 200, rounds = 3
        let dag = RandomDAG(count: count, seed: 2) { ResourceAddress(type: "bench", name: String(format: "v%03d", $0)) }
        var random = SplitMix64(seed: 3)
        var durations: [ResourceAddress: Duration] = [:]
        for vertex in dag.vertices { durations[vertex.address] = .milliseconds(Int.random(in: 5...50, using: &random)) }
        let graph = try ResourceGraph(dependencies: dag.dependencies)
        let critical = graph.criticalPath(durations: durations)

        var rows: [Measurement] = []
        for parallelism in [10, count] {
            let unbounded = parallelism >= count
            let bound = unbounded ? critical.length : graph.simulatedMakespan(durations: durations, parallelism: parallelism)
            var samples: [Duration] = []
            var schedulingRatios: [Double] = []
            for _ in 0..<rounds {
                let table = durations
                let jobs = dag.vertices.map { vertex in
                    VertexJob(address: vertex.address, action: .create, dependencies: vertex.dependencies) { context in
                        try await Task.sleep(for: table[context.address] ?? .zero)
                        return .recorded(ResourceRecord(address: context.address))
                    }
                }
                let executor = try Executor(jobs: jobs, recorder: NullStateRecorder(),
                                            configuration: .init(parallelism: parallelism))
                let start = Self.clock.now
                let result = await executor.run()
                let elapsed = Self.clock.now - start
                guard result.succeeded else { throw LoopbackPeer.Failure(description: "the 200-vertex run failed") }
                samples.append(elapsed)
                // The same bound with the durations the jobs really took (sleeps overshoot):
                // what is left of the ratio is the executor's own doing.
                let actual = Dictionary(uniqueKeysWithValues: result.finished.map { ($0.address, $0.duration) })
                let actualBound = unbounded ? graph.criticalPath(durations: actual).length
                    : graph.simulatedMakespan(durations: actual, parallelism: parallelism)
                schedulingRatios.append(elapsed / actualBound)
            }
            var row = Measurement(name: unbounded ? "makespan, 200 vertices, unbounded (parallelism 200)"
                                      : "makespan, 200 vertices, parallelism 10",
                                  samples: samples, wallClock: samples.reduce(.zero, +), items: (count, "vertices"))
            let ratio = row.percentile(0.5) / bound
            let boundName = unbounded ? "critical path (\(critical.vertices.count) vertices)" : "simulated schedule"
            row.note = "\(boundName) \(bound.formatted); ratio p50 " + String(format: "%.3f", ratio)
                + (unbounded ? " (target ≤ 1.05: " + (ratio <= 1.05 ? "met" : "MISSED") + ")" : "")
                + "; vs real job times " + String(format: "%.3f", schedulingRatios.sorted()[schedulingRatios.count / 2])
            rows.append(row)
        }
        return rows
    }

    // MARK: State and memory

    /// `recordResult` on a store already holding 100 and 1,000 records (one record changed per
    /// write); then the memory a 1,000-resource plan takes, with its state loaded.
    private func stateAndMemory() async throws -> [Measurement] {
        let count = 1000, writesPerSize = 30
        let keyBytes = try AES256GCM.generateKey()
        let key = try StateKey(bytes: keyBytes, source: .provided)
        let plan = BenchPlan(count: count)

        var rows: [Measurement] = []
        var largest: StatePaths?
        for size in [100, count] {
            let paths = try StatePaths(directory: workspace.appendingPathComponent("state").path, cluster: "bench-\(size)")
            try Self.seedStateFile(paths, keyBytes: keyBytes, records: plan.resources.prefix(size).map(plan.record))
            let store = try await StateStore.open(paths, key: key, kilnVersion: "kiln-bench")
            var writes: [Duration] = []
            for update in 0..<writesPerSize {
                let resource = plan.resources[(update * 37) % size]
                var record = plan.record(for: resource)
                record.attributes["generation"] = .int(update + 1)  // a real change: an equal state is not written
                let start = Self.clock.now
                try await store.recordResult(record, for: resource.address)
                writes.append(Self.clock.now - start)
            }
            let bytes = (try FileManager.default.attributesOfItem(atPath: paths.stateFile)[.size] as? NSNumber)?.int64Value ?? 0
            var row = Measurement(name: "state: recordResult at \(size == count ? "1,000" : String(size)) records (atomic write + fsync)",
                                  samples: writes, wallClock: writes.reduce(.zero, +), items: (1, "writes"))
            let sealed = plan.resources.prefix(size).filter { !$0.sensitive.isEmpty }.count
            row.note = "file \(bytes.mebibytes) (\(bytes) B), \(sealed) records with sealed values"
            rows.append(row)
            largest = paths
        }

        // The plan's memory: resources, graph, changes, jobs, and its state loaded from disk.
        let before = ResidentMemory.current
        let reset = ResidentMemory.resetPeak()
        let start = Self.clock.now
        let inMemory = try BenchPlan.Loaded(count: count)
        let reopened = try await StateStore.open(largest!, key: key, kilnVersion: "kiln-bench")
        let records = await reopened.allRecords()
        let elapsed = Self.clock.now - start
        let peak = ResidentMemory.peak
        withExtendedLifetime((inMemory, records)) {}
        var memory = Measurement(name: "1,000-resource plan in memory (build + load its state)", samples: [elapsed],
                                 wallClock: elapsed, items: (count, "resources"))
        if let before, let peak {
            memory.note = "peak RSS \(peak.mebibytes) (+\((peak - before).mebibytes) over the \(before.mebibytes) before)"
                + (reset ? "" : "; peak not resettable here: whole-process peak")
        } else {
            memory.note = "peak RSS unavailable (no /proc/self/status)"
        }
        rows.append(memory)
        return rows
    }

    /// Writes a state file holding `records` in one go, sealed the way `StateStore` seals
    /// (ValueSealer's box and associated data), so the benchmark need not pay for 1,000
    /// growing writes to get there. Should the format drift, `StateStore.open` refuses the
    /// file and the benchmark fails loudly rather than measuring something else.
    private static func seedStateFile(_ paths: StatePaths, keyBytes: [UInt8], records: [ResourceRecord]) throws {
        let lineage = UUID()
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys]
        compact.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var sealsSomething = false
        let stored = try records.sorted { $0.address < $1.address }.map { record in
            var sealed = record
            for name in record.sensitive {
                for section in ["attributes", "outputs"] {
                    guard let value = section == "attributes" ? record.attributes[name] : record.outputs[name] else { continue }
                    let data = Array("kiln-state-v1\u{0}\(lineage.uuidString)\u{0}\(record.address)\u{0}\(section)\u{0}\(name)".utf8)
                    let box = AttributeValue.map(["sealed": .string(Base64.encode(
                        try AES256GCM.seal(Array(try compact.encode(value)), key: keyBytes, associatedData: data)))])
                    if section == "attributes" { sealed.attributes[name] = box } else { sealed.outputs[name] = box }
                    sealsSomething = true
                }
            }
            // ResourceRecord's coding keys are StoredResource's.
            return try decoder.decode(StoredResource.self, from: compact.encode(sealed))
        }
        let document = StateDocument(lineage: lineage, serial: 1, kilnVersion: "kiln-bench", cluster: paths.cluster,
                                     keyID: sealsSomething ? try StateKey(bytes: keyBytes, source: .provided).id : nil,
                                     resources: stored)
        try FileManager.default.createDirectory(atPath: paths.directory, withIntermediateDirectories: true)
        try Data(try document.encoded()).write(to: URL(fileURLWithPath: paths.stateFile))
    }
}

/// A plan shaped like a large kiln cluster: VMs, disks, Talos machine configs (sensitive, a
/// few KiB each), config applies and DNS records, wired by a seeded random DAG.
struct BenchPlan {
    let resources: [Resource]

    private static let types = ["proxmox_vm", "talos_machine_config", "talos_config_apply", "proxmox_disk", "dns_record"]

    init(count: Int) {
        let dag = RandomDAG(count: count, seed: 4, address: Self.address)
        var random = SplitMix64(seed: 5)
        resources = dag.vertices.enumerated().map { index, vertex in
            var attributes: Attributes = [
                "name": .string(vertex.address.name), "node": .string("pve\(index % 3 + 1)"),
                "cores": .int(Int.random(in: 2...16, using: &random)), "memory": .int(1024 * Int.random(in: 2...64, using: &random)),
                "disk": .map(["size": .string("\(Int.random(in: 20...500, using: &random))G"), "storage": "local-lvm"]),
                "network": .list([.map(["bridge": "vmbr0", "vlan": .int(index % 40), "mac": .string(String(format: "bc:24:11:%02x:%02x:%02x", index >> 16 & 0xff, index >> 8 & 0xff, index & 0xff))])]),
                "tags": .list(["kiln", "bench", .string(Self.types[index % Self.types.count])]),
            ]
            var sensitive: Set<String> = []
            if index % Self.types.count == 1 {
                attributes["machine_config"] = .string(String(repeating: "machine:\n  token: abcdef.0123456789abcdef\n", count: 64))
                sensitive.insert("machine_config")
            }
            return Resource(address: vertex.address, attributes: attributes, sensitive: sensitive, dependencies: vertex.dependencies)
        }
    }

    var sensitiveCount: Int { resources.filter { !$0.sensitive.isEmpty }.count }

    static func address(_ index: Int) -> ResourceAddress {
        ResourceAddress(type: types[index % types.count], name: String(format: "n%04d", index))
    }

    /// What state holds once the resource is created.
    func record(for resource: Resource) -> ResourceRecord {
        ResourceRecord(address: resource.address, attributes: resource.attributes, sensitive: resource.sensitive,
                       outsideIDs: ["vmid": String(1000 + (Int(resource.address.name.dropFirst()) ?? 0)), "node": "pve1"],
                       outputs: ["upid": .string("UPID:pve1:000A1B2C:0F1E2D3C:66000000:qmcreate:\(resource.address.name):root@pam:")],
                       dependencies: resource.dependencies)
    }

    /// Everything a run holds for a 1,000-resource plan before it starts.
    struct Loaded {
        let plan: BenchPlan
        let graph: ResourceGraph
        let changes: [ResourceChange]
        let executor: Executor

        init(count: Int) throws {
            plan = BenchPlan(count: count)
            graph = try ResourceGraph(resources: plan.resources)
            changes = plan.resources.map { resource in
                ResourceChange(address: resource.address, action: .create, attributeChanges: resource.attributes.map {
                    AttributeChange(name: $0.key, old: nil, new: $0.value, sensitive: resource.sensitive.contains($0.key))
                })
            }
            let jobs = plan.resources.map { resource in
                VertexJob(address: resource.address, action: .create, dependencies: resource.dependencies) { context in
                    .recorded(ResourceRecord(address: context.address))
                }
            }
            executor = try Executor(jobs: jobs, recorder: NullStateRecorder())
        }
    }
}
