import Foundation

/// Latencies of one benchmark, and what they add up to.
struct Measurement {
    let name: String
    let samples: [Duration]
    let wallClock: Duration
    /// Bytes moved, for throughput rows; nil for request-rate rows.
    var bytes: Int64? = nil
    /// Items one sample handles (e.g. vertices per run), for a rate in items rather than samples.
    var items: (perSample: Int, name: String)? = nil
    /// Anything the four numbers cannot say: a ratio, a size, the target and whether it is met.
    var note: String? = nil

    func percentile(_ p: Double) -> Duration {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .zero }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    var rate: String {
        let seconds = wallClock.seconds
        guard seconds > 0 else { return "-" }
        if let bytes { return String(format: "%.0f MiB/s", Double(bytes) / seconds / 1_048_576) }
        if let items { return Self.count(Double(samples.count * items.perSample) / seconds) + " \(items.name)/s" }
        return Self.count(Double(samples.count) / seconds) + " ops/s"
    }

    /// Whole numbers, but two decimals below 10: a 200 s run of 100 VMs is 0.49 VMs/s, not 0.
    private static func count(_ rate: Double) -> String { String(format: rate < 10 ? "%.2f" : "%.0f", rate) }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    var formatted: String {
        let s = seconds
        if s >= 1 { return String(format: "%.2f s", s) }
        if s >= 1e-3 { return String(format: "%.2f ms", s * 1e3) }
        return String(format: "%.1f µs", s * 1e6)
    }
}

/// Runs an operation many times, a bounded number at once, one sample per call.
enum Runner {
    /// Runs `operation` `count` times with at most `width` in flight; one sample per call.
    static func measure(_ name: String, count: Int, width: Int,
                            _ operation: @escaping @Sendable () async throws -> Void) async throws -> Measurement {
        let started = ContinuousClock.now
        let samples = try await withThrowingTaskGroup(of: Duration.self) { group in
            var samples: [Duration] = []
            var next = 0
            func launch() {
                next += 1
                group.addTask {
                    let start = ContinuousClock.now
                    try await operation()
                    return ContinuousClock.now - start
                }
            }
            while next < min(width, count) { launch() }
            while let sample = try await group.next() {
                samples.append(sample)
                if next < count { launch() }
            }
            return samples
        }
        return Measurement(name: name, samples: samples, wallClock: ContinuousClock.now - started)
    }
}

/// Prints measurements as a Markdown table, the shape `make bench` promises.
enum Report {
    /// The "note" column appears only when some row has a note.
    static func print(_ rows: [Measurement]) {
        let noted = rows.contains { $0.note != nil }
        let header = ["benchmark", "n", "p50", "p99", "rate"] + (noted ? ["note"] : [])
        let table = rows.map { [$0.name, String($0.samples.count), $0.percentile(0.5).formatted,
                                $0.percentile(0.99).formatted, $0.rate] + (noted ? [$0.note ?? ""] : []) }
        let widths = header.indices.map { column in
            ([header] + table).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        Swift.print(line(header))
        Swift.print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        for row in table { Swift.print(line(row)) }
    }
}
