import Foundation
import KilnCrypto
import KilnEngine
import KilnTestSupport

/// A state directory in a fresh temporary directory, a key, and helpers to look at the files.
struct StateFixture {
    let temporary: TemporaryDirectory
    let paths: StatePaths
    let key: StateKey
    static let kilnVersion = "0.1.0-test"

    init(cluster: String = "lab", key: StateKey? = nil) throws {
        temporary = try TemporaryDirectory(prefix: "kiln-state")
        paths = try StatePaths(directory: temporary.file(".kiln"), cluster: cluster)
        self.key = try key ?? StateKey.generate()
    }

    func open(key: StateKey? = nil) async throws -> StateStore {
        try await StateStore.open(paths, key: key ?? self.key, kilnVersion: Self.kilnVersion)
    }

    func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// The file's content in a form whose equality is byte-for-byte and whose failure message is short.
    func snapshot(_ path: String) -> FileSnapshot? { bytes(path).map(FileSnapshot.init) }

    func text(_ path: String) -> String { bytes(path).map { String(decoding: $0, as: UTF8.self) } ?? "" }

    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).flatMap { $0 }
    }

    /// Files in the state directory, sorted.
    func directoryListing() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: paths.directory)) ?? []).sorted()
    }

    /// Writes `contents` as the state file (creating the directory), as if another program had.
    @discardableResult
    func writeStateFile(_ contents: String) throws -> FileSnapshot {
        try FileManager.default.createDirectory(atPath: paths.directory, withIntermediateDirectories: true)
        let bytes = Array(contents.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: paths.stateFile))
        return FileSnapshot(bytes)
    }
}

/// A file's bytes, printed as size and digest (test failures stay readable and never dump sealed data).
struct FileSnapshot: Equatable, CustomStringConvertible {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var description: String { "\(bytes.count) bytes, sha256 \(Hex.encode(Digest.sha256.hash(bytes).prefix(8)))" }
}

enum Sample {
    static let vm = ResourceAddress(type: "proxmox_vm", name: "cp-1")
    static let secrets = ResourceAddress(type: "talos_secrets", name: "cluster")
    static let secretValue = "very-secret-ca-key-8f2c1d"

    static func vmRecord(cores: Int = 2) -> ResourceRecord {
        ResourceRecord(address: vm, attributes: ["cores": .int(cores), "name": "cp-1", "tags": .list(["a", "b"])],
                       outsideIDs: ["vmid": "1011", "node": "pve1"], outputs: ["vmid": 1011],
                       dependencies: [secrets])
    }

    static func secretsRecord(secret: String = secretValue) -> ResourceRecord {
        ResourceRecord(address: secrets, attributes: ["version": "v1.10"], sensitive: ["ca_key", "token"],
                       outputs: ["ca_key": .string(secret), "token": .map(["id": "abc", "secret": .string(secret + "-tok")]),
                                 "ca_cert": "CERT"])
    }
}

/// The built `kiln-state-probe`, next to the test products.
enum StateProbe {
    static func path() throws -> String { try BuiltProducts.path("kiln-state-probe") }
}
