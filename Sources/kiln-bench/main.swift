import Foundation

// `make bench`: kiln's building blocks measured against real peers on loopback, printed as a
// table. Performance targets live here, never in timed tests.
//
// `kiln-bench --only engine` (or `--only plan,crypto`) runs just the named suites:
// plan, http, crypto, engine, talos, proxmox, cluster. Without it, all of them, in that order. `proxmox` runs the
// `kiln` and `kiln-lab` programs built next to this one, and takes a few minutes.
let workspace = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("kiln-bench-\(getpid())")
let suites: [(name: String, run: () async throws -> [Measurement])] = [
    ("plan", { try await PlanBenchmarks().run() }),
    ("http", { try await HTTPBenchmarks(workspace: workspace).run() }),
    ("crypto", { try await CryptoBenchmarks().run() }),
    ("engine", { try await EngineBenchmarks(workspace: workspace).run() }),
    ("talos", { try await TalosBenchmarks().run() }),
    ("proxmox", { try await ProxmoxBenchmarks(workspace: workspace).run() }),
    ("cluster", { try await ClusterBenchmarks(workspace: workspace).run() }),
]
do {
    var selected = suites.map(\.name)
    let arguments = CommandLine.arguments.dropFirst()
    if let flag = arguments.firstIndex(of: "--only") {
        let names = arguments.dropFirst(flag - arguments.startIndex + 1).first?.split(separator: ",").map(String.init) ?? []
        guard !names.isEmpty, names.allSatisfy(selected.contains) else {
            throw LoopbackPeer.Failure(description: "--only takes suite names, comma-separated: \(selected.joined(separator: ", "))")
        }
        selected = names
    } else if !arguments.isEmpty {
        throw LoopbackPeer.Failure(description: "usage: kiln-bench [--only \(selected.joined(separator: ","))]")
    }
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: workspace) }
    var rows: [Measurement] = []
    for suite in suites where selected.contains(suite.name) { rows += try await suite.run() }
    Report.print(rows)
} catch {
    FileHandle.standardError.write(Data("kiln-bench: \(error)\n".utf8))
    exit(1)
}
