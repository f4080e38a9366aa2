import Foundation
import KilnEngine
import Logging

/// Opening a cluster's state for the inspection commands: where it is, whether it exists, the
/// key (printing kiln's notice when it just created one), the store.
struct StateAccess {
    let paths: StatePaths
    let options: StateOptions
    let logger: Logger

    init(cluster: String, options: StateOptions, logger: Logger) throws {
        paths = try options.paths(cluster: cluster)
        self.options = options
        self.logger = logger
    }

    var exists: Bool { FileManager.default.fileExists(atPath: paths.stateFile) }

    /// Throws `CLIError.noStateYet` when there is no state file. Checked before the key is
    /// resolved, so looking at a cluster that has no state never creates a key file.
    func requireState() throws {
        guard exists else { throw CLIError.noStateYet(cluster: paths.cluster, path: paths.stateFile) }
    }

    var noStateMessage: String { CLIError.noStateYet(cluster: paths.cluster, path: paths.stateFile).description }

    /// Opens the store. A wrong key or an unusable file throws the `StateError`, and the file
    /// is left as it was. `readOnly` commands never create a key: without one they still read
    /// a state that seals nothing, and say which key is missing when it does.
    func open(readOnly: Bool = false) async throws -> StateStore {
        let resolution: StateKeyResolution
        do {
            resolution = try StateKeyLoader.resolve(keyFile: options.stateKeyFile, createIfMissing: !readOnly)
        } catch StateKeyError.missing(let path) {
            do {
                return try await StateStore.open(paths, key: try StateKey.generate(), kilnVersion: KilnVersion.current)
            } catch StateError.wrongKey {
                throw StateKeyError.missing(path: path)
            }
        }
        if let notice = resolution.notice { Console.current.err(notice) }
        logger.debug("resolved state key", metadata: ["keyID": "\(resolution.key.id)", "source": "\(resolution.key.source)"])
        let store = try await StateStore.open(paths, key: resolution.key, kilnVersion: KilnVersion.current)
        let serial = await store.serial
        logger.debug("opened state", metadata: ["path": "\(paths.stateFile)", "serial": "\(serial)"])
        return store
    }

    static func address(_ text: String) throws -> ResourceAddress {
        guard let address = ResourceAddress(parsing: text) else { throw CLIError.notAnAddress(text) }
        return address
    }
}
