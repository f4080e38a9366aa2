import Foundation
import KilnEngine

/// SplitMix64: a tiny seeded generator, so every run benchmarks the same graphs and durations.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded random DAG: vertex `i` depends on 0–3 distinct vertices before it, chosen uniformly.
struct RandomDAG {
    let vertices: [(address: ResourceAddress, dependencies: Set<ResourceAddress>)]

    init(count: Int, seed: UInt64, address: (Int) -> ResourceAddress) {
        var random = SplitMix64(seed: seed)
        let addresses = (0..<count).map(address)
        vertices = addresses.enumerated().map { index, vertex in
            var dependencies: Set<ResourceAddress> = []
            if index > 0 {
                let wanted = min(index, Int.random(in: 0...3, using: &random))
                while dependencies.count < wanted { dependencies.insert(addresses[Int.random(in: 0..<index, using: &random)]) }
            }
            return (vertex, dependencies)
        }
    }

    var dependencies: [ResourceAddress: Set<ResourceAddress>] {
        Dictionary(uniqueKeysWithValues: vertices.map { ($0.address, $0.dependencies) })
    }
}

/// Remembers records in memory and writes nothing anywhere: the executor's bookkeeping
/// without the disk (the bench's counterpart of the tests' `InMemoryStateRecorder`).
actor NullStateRecorder: StateRecorder {
    private var records: [ResourceAddress: ResourceRecord] = [:]

    func record(for address: ResourceAddress) -> ResourceRecord? { records[address] }

    func recordIntent(_ intent: PendingIntent, for address: ResourceAddress) {
        var record = records[address] ?? ResourceRecord(address: address, status: .tainted)
        record.pending = intent
        records[address] = record
    }

    func recordResult(_ record: ResourceRecord?, for address: ResourceAddress) {
        records[address] = record
    }
}

/// Resident memory of this process, from /proc/self/status (Linux; nil elsewhere).
enum ResidentMemory {
    /// VmRSS, in bytes.
    static var current: Int64? { field("VmRSS:") }
    /// VmHWM, the peak since start or since `resetPeak()`, in bytes.
    static var peak: Int64? { field("VmHWM:") }

    /// Makes the peak the current RSS (writing 5 to /proc/self/clear_refs); false when the
    /// kernel does not allow it, and then `peak` is the whole process's peak.
    static func resetPeak() -> Bool {
        guard let file = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? file.close() }
        return (try? file.write(contentsOf: Data("5".utf8))) != nil
    }

    private static func field(_ name: String) -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Int64($0) }) else { return nil }
        return kilobytes * 1024
    }
}

extension Int64 {
    var mebibytes: String { String(format: "%.1f MiB", Double(self) / 1_048_576) }
}
