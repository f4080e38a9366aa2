import Foundation
import KilnHTTP
@testable import KilnLab
@testable import KilnTalosAPI
import SwiftProtobuf
import Testing

/// A lab whose started VMs boot Talos nodes, fast: boot 50 ms, reboot 150 ms, no warm-up,
/// etcd joins 200 ms after bootstrap. Each test gives its own loopback /24 so suites run in parallel.
func withTalosLab<T>(_ change: (inout LabConfig) -> Void = { _ in }, _ body: (LabHarness) async throws -> T) async throws -> T {
    var config = LabHarness.config().withFastTalos()
    change(&config)
    return try await withLab(config, body)
}

extension LabConfig {
    /// Talos nodes on started VMs, fast: boot 50 ms, install-and-reboot 150 ms, etcd joins
    /// 200 ms after bootstrap; `bootstrapWarmUp` seconds of FailedPrecondition first.
    func withFastTalos(bootstrapWarmUp: Double = 0) -> LabConfig {
        var config = self
        config.talos.enabled = true
        config.talos.bootDelay = 0.05
        config.talos.rebootTime = 0.15
        config.talos.bootstrapWarmUp = bootstrapWarmUp
        config.talos.etcdJoinDelay = 0.2
        return config
    }
}

extension LabHarness {
    /// Clones the template to `vmid`, gives it `ip` in ipconfig0 and starts it, as kiln does.
    func startVM(_ vmid: Int, ip: String) async throws {
        try await cloneAndWait(vmid, name: "talos-\(vmid)")
        let gateway = ip.split(separator: ".").dropLast().joined(separator: ".") + ".1"
        let set = try await call(.put, "/nodes/lab/qemu/\(vmid)/config", form: ["ipconfig0": "ip=\(ip)/24,gw=\(gateway)"])
        guard set.status == 200 else { throw HarnessError(description: "config \(vmid): \(set.status) \(set.reason)") }
        try await power(vmid, "start")
    }

    func power(_ vmid: Int, _ action: String) async throws {
        let reply = try await call(.post, "/nodes/lab/qemu/\(vmid)/status/\(action)")
        guard let upid = reply.data.string else { throw HarnessError(description: "\(action) \(vmid): \(reply.status) \(reply.reason)") }
        let status = try await waitForTask(upid)
        guard status["exitstatus"] == "OK" else { throw HarnessError(description: "\(action) \(vmid): \(status)") }
    }

    /// `GET /lab/talos`, by address.
    func talosNodes() async throws -> [String: JSON] {
        var request = HTTPRequest(method: .get, url: URL(string: base + "/lab/talos")!)
        request.headers.set("Accept", "application/json")
        let response = try await client.send(request)
        let nodes = try JSON.decode(response.body)["data"]?["nodes"]?.array ?? []
        return Dictionary(nodes.compactMap { node in node["address"]?.string.map { ($0, node) } }, uniquingKeysWith: { $1 })
    }

    /// A control call under `/lab` with a JSON body.
    func control(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> Int {
        var request = HTTPRequest(method: method, url: URL(string: base + path)!)
        if let json {
            request.body = Data(json.utf8)
            request.headers.set("Content-Type", "application/json")
        }
        return try await client.send(request).status
    }
}

/// Polls `condition` until it holds, at most `timeout`; the last error or false fails the test.
func eventually(_ what: String, timeout: Duration = .seconds(20),
                _ condition: () async throws -> Bool) async throws {
    let giveUp = ContinuousClock.now + timeout
    var last: (any Error)?
    while ContinuousClock.now < giveUp {
        do {
            if try await condition() { return }
            last = nil
        } catch {
            last = error
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw HarnessError(description: "\(what) not within \(timeout)\(last.map { ": last error \($0)" } ?? "")")
}
