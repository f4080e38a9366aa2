import Foundation
import KilnCrypto
import KilnEngine
import KilnTestSupport

/// One cluster's outside world for `kiln-probe` (the real CLI over a file-backed provider):
/// a folder of objects with an effects log, a state directory, a state key and a HOME of its own.
final class ProbeWorld: Sendable {
    let directory: TemporaryDirectory
    let key: String

    var world: String { directory.file("world") }
    var stateDirectory: String { directory.file(".kiln") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "kiln-probe")
        try FileManager.default.createDirectory(atPath: directory.file("world"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.file("home"), withIntermediateDirectories: true)
        key = Base64.encode(try SecureRandom.bytes(32))
    }

    /// The environment `kiln-probe` runs with in this world.
    func environment(crashAt: Int? = nil) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["KILN_STATE_KEY"] = key
        environment["KILN_PROBE_WORLD"] = world
        environment["HOME"] = directory.file("home")
        environment["NO_COLOR"] = "1"
        environment["KILN_PROBE_CRASH_AT"] = crashAt.map(String.init)
        return environment
    }

    /// Runs `kiln-probe ARGS` in the world's folder; with `crashAt` it kills itself at that checkpoint.
    func kiln(_ arguments: [String], crashAt: Int? = nil) async throws -> CommandResult {
        try await run(try KilnBinary.path("kiln-probe"), arguments, crashAt: crashAt)
    }

    /// Runs any command in the world's folder with the world's environment.
    func run(_ executable: String, _ arguments: [String], input: String? = nil, crashAt: Int? = nil) async throws -> CommandResult {
        try await ProcessRunner.launch(executable, arguments, input: input.map { Data($0.utf8) },
                                       currentDirectory: directory.path, environment: environment(crashAt: crashAt))
    }

    /// A copy of `plans/NAME` in this world's folder, optionally edited, for tests that change plans.
    func plan(_ name: String = "lab.yaml", editing: (String) -> String = { $0 }) throws -> String {
        let source = try String(contentsOf: SharedReference.packageRoot.appendingPathComponent("plans/\(name)"), encoding: .utf8)
        return try directory.write(name, editing(source), mode: 0o644)
    }

    /// The effects log: one line per create, update and delete the provider performed.
    var effects: [String] {
        ((try? String(contentsOfFile: directory.file("world/effects.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// The cluster's records as the state holds them (sealed values opened with the world's key).
    func records(cluster: String = "lab") async throws -> [ResourceRecord] {
        let key = try StateKeyLoader.resolve(environment: ["KILN_STATE_KEY": key]).key
        let store = try await StateStore.open(try StatePaths(directory: stateDirectory, cluster: cluster), key: key,
                                              kilnVersion: "test")
        return await store.allRecords()
    }
}

extension CommandResult {
    /// What `kiln-probe` prints last: how many checkpoints the run passed.
    var checkpointsPassed: Int? {
        guard let line = stderr.split(separator: "\n").last(where: { $0.hasPrefix("kiln-probe: ") }) else { return nil }
        return Int(line.split(separator: " ")[1])
    }
}
