import Foundation
import KilnHTTP

/// A `kiln-lab` of the bench's own, driven through its command line as a user would: started
/// with `up --detach` in a directory of its own, on a loopback address the demo lab
/// (127.0.10.1:8006) does not use and a port the kernel picks (`:0`), stopped with `down`.
/// Its request log (`/lab/requests`) is what the Proxmox rows count.
final class LabInstance: Sendable {
    let directory: URL
    /// `https://127.0.30.1:40123`, no trailing slash: what a plan's `proxmox.endpoint` takes.
    let endpoint: String
    /// The `PROXMOX_VE_*` variables `kiln-lab env` prints: where kiln connects, with which token,
    /// trusting which certificate.
    let exports: [String: String]
    private let executable: String
    private let client: HTTPClient

    private init(directory: URL, endpoint: String, exports: [String: String], executable: String, client: HTTPClient) {
        self.directory = directory
        self.endpoint = endpoint
        self.exports = exports
        self.executable = executable
        self.client = client
    }

    /// Starts a lab with `config` (LabConfig JSON), runs `body`, and stops the lab whether
    /// `body` returned or threw: a failed benchmark leaves no lab behind.
    static func with<T>(executable: String, directory: URL, config: Data, listen: String,
                        _ body: (LabInstance) async throws -> T) async throws -> T {
        let lab = try await start(executable: executable, directory: directory, config: config, listen: listen)
        do {
            let result = try await body(lab)
            await lab.stop()
            return result
        } catch {
            await lab.stop()
            throw error
        }
    }

    private static func start(executable: String, directory: URL, config: Data, listen: String) async throws -> LabInstance {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try config.write(to: directory.appendingPathComponent("config.json"))
        let up = try await Subprocess.run(executable, ["up", "--dir", directory.path, "--detach", "--listen", listen],
                                          environment: ProcessInfo.processInfo.environment,
                                          output: directory.appendingPathComponent("up.out"))
        guard up.status == 0 else { throw LoopbackPeer.Failure(description: "kiln-lab up failed:\n\(up.tail)") }
        do {
            let env = try await Subprocess.run(executable, ["env", "--dir", directory.path],
                                               environment: ProcessInfo.processInfo.environment,
                                               output: directory.appendingPathComponent("env.out"))
            let exports = Self.parseExports(env.output)
            guard env.status == 0, let endpoint = exports["PROXMOX_VE_ENDPOINT"],
                  let fingerprint = exports["PROXMOX_VE_FINGERPRINT"].flatMap(ServerTrust.fingerprint) else {
                throw LoopbackPeer.Failure(description: "kiln-lab env printed no endpoint and fingerprint:\n\(env.tail)")
            }
            // The log is read over the same TLS kiln uses, pinned like kiln pins it; never via a proxy.
            let client = try HTTPClient(configuration: .init(tls: TLSConfiguration(trust: .pinnedCertificate(sha256: fingerprint)),
                                                             proxy: .none))
            return LabInstance(directory: directory, endpoint: String(endpoint.trimmingSuffix("/")), exports: exports,
                               executable: executable, client: client)
        } catch {
            _ = try? await Subprocess.run(executable, ["down", "--dir", directory.path], environment: ProcessInfo.processInfo.environment,
                                          output: directory.appendingPathComponent("down.out"))
            throw error
        }
    }

    /// `export NAME=VALUE` lines (VALUE possibly in single quotes) as a dictionary.
    static func parseExports(_ text: String) -> [String: String] {
        var exports: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            var value = assignment[assignment.index(after: equals)...]
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = value.dropFirst().dropLast() }
            exports[String(assignment[..<equals])] = String(value)
        }
        return exports
    }

    /// Every request the lab answered since the last `clearRequests`, its own `/lab/…` ones left out.
    func requests() async throws -> [LabRequest] {
        let response = try await client.send(HTTPRequest(url: try url("/lab/requests")))
        guard response.isSuccess else { throw LoopbackPeer.Failure(description: "GET /lab/requests: HTTP \(response.status)") }
        struct Envelope: Decodable { let data: [LabRequest] }
        return try JSONDecoder().decode(Envelope.self, from: response.body).data.filter { !$0.path.hasPrefix("/lab/") }
    }

    func clearRequests() async throws {
        let response = try await client.send(HTTPRequest(method: .delete, url: try url("/lab/requests")))
        guard response.isSuccess else { throw LoopbackPeer.Failure(description: "DELETE /lab/requests: HTTP \(response.status)") }
    }

    /// `kiln-lab down`: SIGTERM, then SIGKILL after its timeout. Errors are ignored: this runs
    /// on the way out, often after another error.
    func stop() async {
        _ = try? await Subprocess.run(executable, ["down", "--dir", directory.path], environment: ProcessInfo.processInfo.environment,
                                      output: directory.appendingPathComponent("down.out"))
    }

    private func url(_ path: String) throws -> URL {
        guard let url = URL(string: endpoint + path) else { throw LoopbackPeer.Failure(description: "bad lab endpoint \(endpoint)") }
        return url
    }
}

/// One line of the lab's request log.
struct LabRequest: Decodable {
    let method: String
    /// Below `/api2/json`, without the query.
    let path: String
    let status: Int
    /// Unix time the lab answered.
    let time: Double
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self[...]
    }
}
