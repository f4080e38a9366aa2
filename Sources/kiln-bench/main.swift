import Foundation

// `make bench`: kiln's building blocks measured against real peers on loopback, printed as a
// table. Performance targets live here, never in timed tests.
let workspace = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("kiln-bench-\(getpid())")
do {
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: workspace) }
    let rows = try await PlanBenchmarks().run() + HTTPBenchmarks(workspace: workspace).run()
        + CryptoBenchmarks().run()
    Report.print(rows)
} catch {
    FileHandle.standardError.write(Data("kiln-bench: \(error)\n".utf8))
    exit(1)
}
