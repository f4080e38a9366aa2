import Foundation
import KilnCrypto
import KilnHTTP
@testable import KilnLab
import KilnTestSupport
import Synchronization
import Testing

/// A lab started in-process on 127.0.0.1 (a port the kernel picks), and a kiln `HTTPClient`
/// pinned to its certificate, as kiln talks to a real PVE.
///
/// When the reference data is at hand (`SharedReference`), the lab checks every request against
/// the official PVE schema, and stopping it records an issue if the schema refused any request
/// the test did not send wrong on purpose (`call(…, malformed: true)`): a green run then means a
/// real PVE accepts what the tests send.
final class LabHarness: Sendable {
    let server: LabServer
    let client: HTTPClient
    let token: String
    /// Requests sent wrong on purpose, which the schema is expected to refuse.
    private let malformedSent = Mutex(0)

    /// The official schema, read once per test process; nil without the reference data.
    static let sharedSchema: PVESchema? = SharedReference.isAvailable
        ? try? PVESchema.load(path: SharedReference.ref("pve-api-schema.json").path) : nil
    var cluster: ProxmoxCluster { server.cluster }
    var base: String { "https://127.0.0.1:\(server.port)" }

    /// The default config, fast: a full clone takes `clone` seconds, locks time out after `lockTimeout`.
    static func config(clone: Double = 0.3, lockTimeout: Double = 5, tokenPrivileges: [String]? = nil) -> LabConfig {
        var config = LabConfig.default(secret: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", password: "lab-password")
        config.speed = 1
        config.timings.fullClone = clone
        config.timings.linkedClone = clone
        config.timings.start = 0.05
        config.timings.stop = 0.05
        config.timings.shutdown = 0.05
        config.timings.destroy = 0.05
        config.timings.resize = 0.05
        config.timings.lockTimeout = lockTimeout
        config.users[0].tokens[0].privileges = tokenPrivileges
        // Proxmox-only tests: their VMs' IPs (10.0.0.x, shared 127.x) must not start Talos nodes
        // that collide across parallel tests. The Talos fleet tests turn this on with their own addresses.
        config.talos.enabled = false
        return config
    }

    /// Talos's config schemas, read once per test process; nil without the reference data.
    static let talosSchemas: TalosConfigSchemaSet? = SharedReference.isAvailable
        ? try? TalosConfigSchemaSet(directory: SharedReference.refDirectory) : nil

    init(_ config: LabConfig = LabHarness.config(), schema: PVESchema? = LabHarness.sharedSchema) async throws {
        let cluster = try ProxmoxCluster(config: config, schema: schema)
        // Talos nodes are held to Talos's schema too, whenever it is at hand.
        if config.talos.enabled, schema != nil, let schemas = LabHarness.talosSchemas {
            await cluster.talos.setConfigValidator(schemas.nodeValidator)
        }
        server = try await LabServer.start(cluster: cluster, host: "127.0.0.1", port: 0)
        let pin = ServerTrust.fingerprint(server.certificate.fingerprint)!
        client = try HTTPClient(configuration: HTTPClientConfiguration(
            tls: TLSConfiguration(trust: .pinnedCertificate(sha256: pin)), version: .http1_1, proxy: .none))
        token = config.firstToken!
    }

    /// Counts `count` requests sent wrong on purpose by a client other than `call`.
    func expectMalformed(_ count: Int) {
        if cluster.schema != nil { malformedSent.withLock { $0 += count } }
    }

    /// Stops the lab, first recording an issue if the schema refused requests that were not sent
    /// wrong on purpose (or accepted one that was).
    func stop() async {
        if cluster.schema != nil {
            let refused = await cluster.schemaRejections
            let expected = malformedSent.withLock { $0 }
            if refused != expected {
                let listed = await cluster.requests.filter(\.rejectedBySchema).map { "\($0.method) \($0.path)?\($0.query ?? "")" }
                Issue.record("the PVE schema refused \(refused) requests, \(expected) sent malformed on purpose: \(listed)")
            }
        }
        await server.stop()
    }

    struct Reply {
        let status: Int
        let reason: String
        let json: JSON
        var data: JSON { json["data"] ?? .null }
    }

    /// A call under `/api2/json` with the token (unless `headers` brings other credentials).
    /// `malformed`: sent wrong on purpose, so PVE's schema must refuse it.
    func call(_ method: HTTPMethod, _ path: String, form: [String: String] = [:], headers: HTTPHeaders? = nil,
              malformed: Bool = false) async throws -> Reply {
        if malformed && cluster.schema != nil { malformedSent.withLock { $0 += 1 } }
        var request = HTTPRequest(method: method, url: URL(string: base + "/api2/json" + path)!,
                                  headers: headers ?? ["Authorization": "PVEAPIToken=\(token)"])
        if !form.isEmpty {
            request.body = Data(form.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&").utf8)
            request.headers.set("Content-Type", "application/x-www-form-urlencoded")
        }
        let response = try await client.send(request)
        return Reply(status: response.status, reason: response.reason, json: (try? JSON.decode(response.body)) ?? .null)
    }

    func get(_ path: String) async throws -> Reply { try await call(.get, path) }

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charsets: "-._~"))) ?? value
    }

    /// Polls a task until it stops; returns its status object.
    func waitForTask(_ upid: String, timeout: Duration = .seconds(20)) async throws -> JSON {
        let node = UPID(upid)!.node
        let path = "/nodes/\(node)/tasks/\(Self.encode(upid))/status"
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = try await get(path).data
            if status["status"] == "stopped" { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError(description: "task \(upid) still running after \(timeout)")
    }

    func taskLog(_ upid: String) async throws -> [String] {
        let node = UPID(upid)!.node
        return try await get("/nodes/\(node)/tasks/\(Self.encode(upid))/log").data.array?.compactMap { $0["t"]?.string } ?? []
    }

    /// The VM's entry in `/cluster/resources?type=vm`, or nil.
    func resource(_ vmid: Int) async throws -> JSON? {
        try await get("/cluster/resources?type=vm").data.array?.first { $0["vmid"] == .int(vmid) }
    }

    /// Clones template 9000 to `newid` and waits for the task; returns the final task status.
    @discardableResult
    func cloneAndWait(_ newid: Int, name: String? = nil) async throws -> JSON {
        var form = ["newid": "\(newid)", "full": "1"]
        if let name { form["name"] = name }
        let reply = try await call(.post, "/nodes/lab/qemu/9000/clone", form: form)
        guard let upid = reply.data.string else { throw HarnessError(description: "clone: \(reply.status) \(reply.reason)") }
        return try await waitForTask(upid)
    }
}

extension CharacterSet {
    init(charsets: String) { self.init(charactersIn: charsets) }
}

struct HarnessError: Error, CustomStringConvertible { let description: String }

/// Runs `body` with a fresh lab and stops it afterwards, also when `body` throws.
func withLab<T>(_ config: LabConfig = LabHarness.config(), _ body: (LabHarness) async throws -> T) async throws -> T {
    try await using(try await LabHarness(config), stop: { await $0.stop() }, body)
}

/// Runs `body` with `resource`, then `stop`s it, also when `body` throws.
func using<Resource, T>(_ resource: Resource, stop: (Resource) async -> Void,
                        _ body: (Resource) async throws -> T) async throws -> T {
    do {
        let result = try await body(resource)
        await stop(resource)
        return result
    } catch {
        await stop(resource)
        throw error
    }
}
