import Foundation
import KilnCLI
import KilnCrypto
import KilnEngine
@testable import KilnLab
import KilnPlan
import KilnProxmox
import KilnResources
import KilnTalos
import KilnTestSupport

/// The Proxmox provider against an in-process lab, through the real CLI, planner, executor and
/// state: a plan file pointing at the lab, a state directory and key, and the credentials a
/// user would export (`PROXMOX_VE_API_TOKEN`, the fingerprint pin).
final class ProviderLab: Sendable {
    let lab: LabHarness
    let directory: TemporaryDirectory
    var cluster: ProxmoxCluster { lab.cluster }
    var planPath: String { directory.path + "/plan.yaml" }
    var stateDirectory: String { directory.path + "/state" }
    var keyFile: String { directory.path + "/state.key" }

    /// What the test plans ask for unless a test says otherwise.
    struct PlanShape: Sendable {
        var nodes = [("t-cp-1", "controlplane", 1101), ("t-worker-1", "worker", 1201), ("t-worker-2", "worker", 1202)]
        var template = 9000
        /// An Image Factory schematic: VMs from a downloaded image instead of the template.
        var imageSchematic: String?
        var talosVersion = "v1.12.2"
        /// Where the Image Factory is (`proxmox.image.factory`).
        var factory = "https://factory.lab.invalid"
        var cores = 2
        var memory = "2GiB"
        var disk = "10GiB"
        var node = "lab"
        var pool: String?
        var vlan: Int?
        /// Leave VMIDs out: kiln takes the next free ones.
        var pinVMIDs = true
        /// The third octet of the plan's loopback /24 (`127.0.<subnet>.0/24`): Talos tests each
        /// take their own, since their nodes listen on the VMs' addresses.
        var subnet = 20
    }

    /// Set: the catalog is kiln's whole cluster (VMs and Talos), with these provider timings.
    let talos: TalosProviderOptions?

    init(_ config: LabConfig = ProviderLab.config(), talos: TalosProviderOptions? = nil) async throws {
        self.talos = talos
        lab = try await LabHarness(config)
        directory = try TemporaryDirectory()
        let key = Data((Data(try SecureRandom.bytes(32)).base64EncodedString() + "\n").utf8)
        guard FileManager.default.createFile(atPath: keyFile, contents: key, attributes: [.posixPermissions: 0o600]) else {
            throw HarnessError(description: "could not write \(keyFile)")
        }
    }

    /// The harness's fast timings, with clones of 0.2 s.
    static func config(clone: Double = 0.2, lockTimeout: Double = 5, tokenPrivileges: [String]? = nil) -> LabConfig {
        var config = LabHarness.config(clone: clone, lockTimeout: lockTimeout, tokenPrivileges: tokenPrivileges)
        config.timings.download = 0.3
        config.timings.create = 0.05
        config.timings.importDisk = 0.2
        return config
    }

    func stop() async { await lab.stop() }

    /// The environment a user would have: endpoint, token and the certificate's pin; a home and
    /// cache in the test's directory.
    var environment: [String: String] {
        ["PROXMOX_VE_ENDPOINT": lab.base, "PROXMOX_VE_API_TOKEN": lab.token,
         "PROXMOX_VE_FINGERPRINT": lab.server.certificate.fingerprint,
         "HOME": directory.path, "XDG_CACHE_HOME": cacheDirectory]
    }

    /// `$XDG_CACHE_HOME`: kiln keeps downloaded images in `kiln/images` there.
    var cacheDirectory: String { directory.path + "/cache" }

    /// Fast polling, so tests take as long as the lab's tasks and no longer.
    static let options = ProxmoxVMProviderOptions(lockWait: .seconds(10), shutdownTimeout: .seconds(5), poll: .milliseconds(20),
                                                  maxPoll: .milliseconds(100), cloneRetryPause: .milliseconds(250))

    /// Where images uploaded over SSH go on the lab's node (PVE < 8.4), instead of `/var/tmp/kiln`:
    /// the test's `sshd` runs on this machine.
    var nodeImageDirectory: String { directory.path + "/node/var/tmp/kiln" }

    /// The catalog kiln ships, but with `environment` instead of the process's.
    func catalog(_ environment: [String: String]) -> ResourceCatalog {
        var tuned = ProviderLab.options
        tuned.nodeImageDirectory = nodeImageDirectory
        let options = tuned
        if let talos {
            // Quick secrets (no RSA-4096 per test); everything else as kiln ships it.
            return ResourceCatalog(
                resources: { plan, files in try ResourceCatalog.talosCluster(plan, files: files) },
                providers: { plan, files in
                    try ProxmoxProviders.make(for: plan, environment: environment, options: options)
                        + [TalosSecretsProvider(generate: { try TalosSecretsBundle.generate(serviceAccountKey: .ecdsaP256) }),
                           TalosProvider(plan: plan, files: files, options: talos)]
                })
        }
        return ResourceCatalog(
            expectedDurations: [ProxmoxVMResources.type: .seconds(1), ProxmoxImageResources.type: .seconds(1)],
            resources: { plan, _ in ProxmoxVMResources.resources(for: plan) },
            providers: { plan, _ in try ProxmoxProviders.make(for: plan, environment: environment, options: options) })
    }

    func writePlan(_ shape: PlanShape = PlanShape()) throws {
        var nodes = ""
        for (index, (name, role, vmid)) in shape.nodes.enumerated() {
            let pinned = shape.pinVMIDs ? ", vmid: \(vmid)" : ""
            nodes += "  - {name: \(name), role: \(role), ip: 127.0.\(shape.subnet).\(11 + index)\(pinned)}\n"
        }
        var proxmox = """
            proxmox:
              endpoint: \(lab.base)
              node: \(shape.node)
              \(shape.imageSchematic.map { "image: {schematic: \($0), storage: local, factory: \(shape.factory)}" } ?? "template: \(shape.template)")
              storage: local-lvm
              bridge: vmbr0

            """
        if let pool = shape.pool { proxmox += "  pool: \(pool)\n" }
        if let vlan = shape.vlan { proxmox += "  vlan: \(vlan)\n" }
        let text = """
            name: t
            \(proxmox)
            talos:
              version: \(shape.talosVersion)
              kubernetes: v1.35.0
              installDisk: /dev/sda

            network:
              subnet: 127.0.\(shape.subnet).0/24
              gateway: 127.0.\(shape.subnet).1
              nameservers: [127.0.\(shape.subnet).1]
              vip: 127.0.\(shape.subnet).100

            defaults:
              controlplane: {cores: \(shape.cores), memory: \(shape.memory), disk: \(shape.disk)}
              worker: {cores: \(shape.cores), memory: \(shape.memory), disk: \(shape.disk)}

            nodes:
            \(nodes)
            cilium:
              version: 1.20.0
              clusterID: 7
              loadBalancerPool: [127.0.\(shape.subnet).200-127.0.\(shape.subnet).210]
              clusterMesh:
                name: t
                endpoint: 127.0.\(shape.subnet).200

            """
        try text.write(toFile: planPath, atomically: true, encoding: .utf8)
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var combined: String { stdout + stderr }
    }

    /// `kiln COMMAND…` in-process against this lab's state. `overriding` changes the user's
    /// environment: a nil value unsets the variable.
    func kiln(_ arguments: String..., overriding: [String: String?] = [:]) async -> Result {
        await run(arguments, overriding: overriding)
    }

    func apply(_ extra: String...) async -> Result {
        await run(["apply", "--auto-approve", planPath] + extra, overriding: [:])
    }

    private func run(_ arguments: [String], overriding: [String: String?]) async -> Result {
        var environment = self.environment
        for (name, value) in overriding { environment[name] = value }
        let captured = CapturedConsole()
        let full = arguments + ["--state-dir", stateDirectory, "--state-key-file", keyFile]
        let status = await KilnMain.run(full, catalog: catalog(environment), console: captured.console())
        return Result(status: status, stdout: captured.stdout, stderr: captured.stderr)
    }

    /// The lab's VMs other than templates, by VMID.
    func vms() async -> [Int: VirtualMachine] {
        Dictionary(uniqueKeysWithValues: await cluster.virtualMachines.filter { !$0.isTemplate }.map { ($0.vmid, $0) })
    }

    /// Requests since the last `clearRequests`, as `METHOD path`.
    func requests() async -> [String] {
        await cluster.requests.map { "\($0.method) \($0.path)" }
    }
}

/// Runs `body` with a fresh provider lab, stopped afterwards also when `body` throws.
func withProviderLab<T>(_ config: LabConfig = ProviderLab.config(), talos: TalosProviderOptions? = nil,
                        _ body: (ProviderLab) async throws -> T) async throws -> T {
    try await using(try await ProviderLab(config, talos: talos), stop: { await $0.stop() }, body)
}
