import ArgumentParser
import Foundation
import KilnLab
import Logging
#if canImport(Glibc)
import Glibc
#endif

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Start the lab's Proxmox VE API (HTTPS, fresh self-signed certificate).")

    @Option(help: "Lab config (JSON). Default: DIR/config.json if present, else one node `lab`, storage `local-lvm`, template 9000, token root@pam!kiln.")
    var config: String?

    @OptionGroup var directory: DirectoryOptions

    @Option(help: "Address to serve on (HOST:PORT).")
    var listen: String = "127.0.10.1:8006"

    @Option(name: .customLong("pve-schema"),
            help: "The official PVE API schema (pve-api-schema.json): every API request is checked against it, as PVE would.")
    var pveSchema: String?

    @Option(name: .customLong("talos-schema"),
            help: "A folder with Talos's config schemas (talos-config.schema*.json): the Talos nodes refuse any config the schema of their version rejects.")
    var talosSchema: String?

    @Flag(help: "Run in the background (output to DIR/lab.log); `kiln-lab down` stops it.")
    var detach = false

    func validate() throws {
        guard Self.split(listen) != nil else { throw ValidationError("--listen wants HOST:PORT, got '\(listen)'") }
    }

    static func split(_ listen: String) -> (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port), colon != listen.startIndex else { return nil }
        return (String(listen[..<colon]), port)
    }

    func run() async throws {
        if detach {
            return try Detacher(directory: LabDirectory(path: directory.resolved), listen: listen, config: config,
                                pveSchema: pveSchema, talosSchema: talosSchema).run()
        }
        let lab = directory.dir.map(LabDirectory.init(path:))
        try lab?.create()
        let labConfig = try loadConfig(lab)
        let (host, port) = Self.split(listen)!
        var logger = Logger(label: "kiln-lab")
        logger.logLevel = .info
        let schema = try pveSchema.map { try PVESchema.load(path: $0) }
        let cluster = try ProxmoxCluster(config: labConfig, schema: schema, worldPath: lab?.world, logger: logger)
        if let talosSchema {
            let schemas = try TalosConfigSchemaSet(directory: URL(fileURLWithPath: talosSchema, isDirectory: true))
            await cluster.talos.setConfigValidator(schemas.nodeValidator)
            print("kiln-lab: Talos configs checked against the schemas in \(talosSchema) (\(schemas.talosVersions.joined(separator: ", ")))")
        }
        let server = try await LabServer.start(cluster: cluster, host: host, port: port)
        let state = LabState(pid: getpid(), endpoint: server.endpoint, token: labConfig.firstToken,
                             fingerprint: server.certificate.fingerprint)
        if let lab {
            try lab.write("lab.crt", server.certificate.certificate.pem)
            try lab.write("fingerprint", state.fingerprint + "\n")
            try lab.write("lab.pid", "\(state.pid)\n")
            // Written last: its presence says the lab is up.
            try lab.write("lab.json", String(decoding: try JSONEncoder().encode(state), as: UTF8.self))
        }
        print("kiln-lab: Proxmox VE API on \(server.endpoint) (pid \(state.pid))")
        print("kiln-lab: certificate SHA-256 \(state.fingerprint)")
        if labConfig.talos.enabled {
            print("kiln-lab: Talos \(labConfig.talos.version) nodes on started VMs' ipconfig0 addresses, port \(labConfig.talos.port) (GET /lab/talos)")
        }
        if let schema, let pveSchema { print("kiln-lab: checking requests against \(pveSchema) (\(schema.endpointCount) endpoints)") }
        print(state.shellExports, terminator: "")
        fflush(nil)

        await Self.waitForTermination()
        print("kiln-lab: stopping")
        await server.stop()
        if let lab { for file in [lab.state, lab.pid] { try? FileManager.default.removeItem(atPath: file) } }
    }

    /// `--config`, else `DIR/config.json`, else the default (written to `DIR/config.json` so the
    /// token survives a restart).
    private func loadConfig(_ lab: LabDirectory?) throws -> LabConfig {
        if let config { return try LabConfig.load(path: config) }
        if let lab, FileManager.default.fileExists(atPath: lab.config) { return try LabConfig.load(path: lab.config) }
        let made = LabConfig.default()
        if let lab { try lab.write("config.json", String(decoding: try made.encoded(), as: UTF8.self)) }
        return made
    }

    /// Returns on SIGTERM or SIGINT.
    static func waitForTermination() async {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            for number in [SIGTERM, SIGINT] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { once.resume() }
                source.resume()
                Once.keep(source)
            }
        }
    }
}

/// Resumes a continuation once, whichever signal comes first.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func resume() {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }

    static func keep(_ source: any DispatchSourceSignal) { sources.append(source) }
}
