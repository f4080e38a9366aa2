import Foundation
import KilnHTTP
@testable import KilnLab
import KilnTestSupport
import Testing

@Suite("The kiln-lab binary: up --detach, env, down, and the world kept on disk")
struct BinaryTests {
    @Test("up --detach serves HTTPS and writes the fingerprint; env prints PROXMOX_VE_*; down stops it; a restart keeps the VMs")
    func upEnvDown() async throws {
        let binary = try LabBinary.path()
        let curl = try ExternalTools.require("curl")
        let directory = try TemporaryDirectory(prefix: "kiln-lab")
        let dir = directory.file("lab")
        let config = LabHarness.config(clone: 0.1)
        let configPath = try directory.write("config.json", String(decoding: try config.encoded(), as: UTF8.self))
        let port = Ports.free()
        let listen = "127.0.0.1:\(port)"

        let up = try await ProcessRunner.launch(binary, ["up", "--detach", "--dir", dir, "--listen", listen, "--config", configPath])
        #expect(up.status == 0, "\(up.combined)")
        let state = try LabDirectory(path: dir).readState()
        defer { kill(state.pid, SIGKILL) }
        #expect(state.endpoint == "https://\(listen)/")
        #expect(kill(state.pid, 0) == 0)

        let fingerprint = try String(contentsOfFile: LabDirectory(path: dir).fingerprint, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fingerprint == state.fingerprint)
        #expect(try TLSAndCurlTests.servedFingerprint(port: Int(port)) == fingerprint)

        let env = try await ProcessRunner.launch(binary, ["env", "--dir", dir])
        #expect(env.status == 0)
        #expect(env.stdout.contains("export PROXMOX_VE_ENDPOINT=https://\(listen)/\n"))
        #expect(env.stdout.contains("export PROXMOX_VE_API_TOKEN='\(config.firstToken!)'\n"))
        #expect(env.stdout.contains("export KILN_LAB_FINGERPRINT=\(fingerprint)\n"))

        // kiln's client, pinned, clones a VM: it lands in world.json.
        let client = try HTTPClient(configuration: HTTPClientConfiguration(
            tls: TLSConfiguration(trust: .pinnedCertificate(sha256: ServerTrust.fingerprint(fingerprint)!)), proxy: .none))
        let auth: HTTPHeaders = ["Authorization": "PVEAPIToken=\(config.firstToken!)", "Content-Type": "application/x-www-form-urlencoded"]
        let clone = try await client.send(HTTPRequest(method: .post, url: URL(string: "\(state.endpoint)api2/json/nodes/lab/qemu/9000/clone")!,
                                                      headers: auth, body: Data("newid=140&name=kept&full=1".utf8)))
        #expect(clone.status == 200)
        try await waitUntil { (try? World.load(path: LabDirectory(path: dir).world))?.vms[140].map { $0.lock == nil } == true }

        let down = try await ProcessRunner.launch(binary, ["down", "--dir", dir])
        #expect(down.status == 0, "\(down.combined)")
        #expect(kill(state.pid, 0) != 0)
        #expect(!FileManager.default.fileExists(atPath: LabDirectory(path: dir).state))
        #expect(!Ports.isAccepting(port: port))

        // Up again: same VMs, new certificate.
        let again = try await ProcessRunner.launch(binary, ["up", "--detach", "--dir", dir, "--listen", listen, "--config", configPath])
        #expect(again.status == 0, "\(again.combined)")
        let second = try LabDirectory(path: dir).readState()
        defer { kill(second.pid, SIGKILL) }
        let listed = try await ProcessRunner.launch(curl, ["-sk", "--noproxy", "*", "-H", "Authorization: PVEAPIToken=\(config.firstToken!)",
                                                           "\(second.endpoint)api2/json/cluster/resources?type=vm"])
        let vms = try JSON.decode(Data(listed.stdout.utf8))["data"]?.array ?? []
        #expect(vms.contains { $0["vmid"] == 140 && $0["name"] == "kept" })
        _ = try await ProcessRunner.launch(binary, ["down", "--dir", dir])
    }

    @Test("up --pve-schema refuses what PVE's schema refuses", .enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
    func upWithSchema() async throws {
        let binary = try LabBinary.path()
        let curl = try ExternalTools.require("curl")
        let directory = try TemporaryDirectory(prefix: "kiln-lab-schema")
        let dir = directory.file("lab")
        let listen = "127.0.0.1:\(Ports.free())"
        let schema = SharedReference.ref("pve-api-schema.json").path
        let up = try await ProcessRunner.launch(binary, ["up", "--detach", "--dir", dir, "--listen", listen, "--pve-schema", schema])
        #expect(up.status == 0, "\(up.combined)")
        let state = try LabDirectory(path: dir).readState()
        defer { kill(state.pid, SIGKILL) }
        let token = try #require(state.token)
        let bad = try await ProcessRunner.launch(curl, ["-sk", "-i", "--noproxy", "*", "-H", "Authorization: PVEAPIToken=\(token)",
                                                        "-d", "newid=101", "-d", "cores=0", "\(state.endpoint)api2/json/nodes/lab/qemu/9000/clone"])
        #expect(bad.stdout.hasPrefix("HTTP/1.1 400 Parameter verification failed.\r\n"))
        #expect(bad.stdout.contains(#""cores":"property is not defined in schema and the schema does not allow additional properties""#))
        _ = try await ProcessRunner.launch(binary, ["down", "--dir", dir])
    }

    private func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw HarnessError(description: "condition not met within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
