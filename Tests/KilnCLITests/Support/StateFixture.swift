import Foundation
import KilnCLI
import KilnEngine
import KilnTestSupport

/// A state for cluster `lab` (plans/lab.yaml) made with the real `StateStore` in a temporary
/// directory, and a way to run `kiln` against it with its key in `KILN_STATE_KEY`.
struct StateFixture {
    static let secret = "SECRET-CA-KEY-d0c5f00d"
    static let vm = ResourceAddress(type: "proxmox_vm", name: "lab-cp-1")
    static let secrets = ResourceAddress(type: "talos_secrets", name: "cluster")

    let directory: TemporaryDirectory
    let home: TemporaryDirectory
    let key: StateKey
    var paths: StatePaths

    /// With `sealed`, the state holds a sensitive output (so opening it needs the right key).
    static func make(sealed: Bool = true) async throws -> StateFixture {
        let directory = try TemporaryDirectory(prefix: "kiln-cli-state")
        let key = try StateKey.generate()
        let paths = try StatePaths(directory: directory.path, cluster: "lab")
        let store = try await StateStore.open(paths, key: key, kilnVersion: KilnVersion.current)
        try await store.recordResult(ResourceRecord(address: vm, attributes: ["cores": 2],
                                                    outsideIDs: ["vmid": "1011", "node": "pve1"]), for: vm)
        try await store.recordIntent(PendingIntent(operation: .update, outsideIDs: ["vmid": "1011"], step: "configured"), for: vm)
        if sealed {
            try await store.recordResult(ResourceRecord(address: secrets, attributes: ["version": "v1.12"],
                                                        sensitive: ["ca_key"], outputs: ["ca_key": .string(secret)]),
                                         for: secrets)
        }
        return StateFixture(directory: directory, home: try TemporaryDirectory(prefix: "kiln-cli-home"), key: key, paths: paths)
    }

    var environment: [String: String] { ["KILN_STATE_KEY": key.base64] }

    /// `kiln ARGS --state-dir DIR` with this state's key.
    func kiln(_ arguments: [String], environment extra: [String: String]? = nil) throws -> CommandResult {
        try Kiln.binary(arguments + ["--state-dir", directory.path], home: home.path, environment: extra ?? environment)
    }

    func stateBytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: paths.stateFile)) }

    func reopen() async throws -> StateStore {
        try await StateStore.open(paths, key: key, kilnVersion: KilnVersion.current)
    }
}
