import Foundation
@testable import KilnLab
import KilnTestSupport
import Testing

/// VMs from a Talos image on a PVE older than 8.4, which cannot download images through its API:
/// kiln downloads the image into its cache, uploads it to the node by SFTP, and each VM gets it
/// with `qm disk import` over SSH. The node is a real `sshd` whose `qm` asks the lab to import.
@Suite("Proxmox images over SSH through kiln (PVE < 8.4)")
struct ImagesOverSSHThroughKilnTests {
    static let schematic = ImagesThroughKilnTests.schematic
    static let filename = "talos-376567988ad3-v1.12.2-nocloud-amd64.qcow2"
    /// 3 MiB standing in for the Image Factory's qcow2.
    static let image = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })

    /// A lab acting as PVE 8.3.2, its node's sshd, and an Image Factory on loopback serving the
    /// one image the plan names; the plan is written.
    func withOldProxmox(_ body: (ProviderLab, LabNodeSSHD, TestHTTPServer) async throws -> Void) async throws {
        var config = ProviderLab.config()
        config.version = "8.3.2"
        let path = "/image/\(Self.schematic)/v1.12.2/nocloud-amd64.qcow2"
        let factory = try TestHTTPServer { request in
            request.target == path ? TestHTTPServer.Response(body: Self.image) : .text("not found", status: 404)
        }
        defer { factory.stop() }
        try await withProviderLab(config) { lab in
            let node = try LabNodeSSHD(labBase: lab.lab.base, node: "lab")
            var shape = ProviderLab.PlanShape()
            shape.imageSchematic = Self.schematic
            shape.factory = factory.baseURL.absoluteString
            try lab.writePlan(shape)
            try await body(lab, node, factory)
        }
    }

    @Test func theImageIsUploadedOnceAndEachVMImportsIt() async throws {
        try await withOldProxmox { lab, node, factory in
            let ssh = try node.environment()
            let applied = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: ssh)
            #expect(applied.status == 0, "\(applied.combined)\n\(node.log())")

            // Downloaded once into kiln's cache, uploaded once to the node, byte for byte.
            #expect(factory.requests.count == 1)
            #expect(FileManager.default.contents(atPath: lab.cacheDirectory + "/kiln/images/" + Self.filename) == Self.image)
            let uploaded = lab.nodeImageDirectory + "/" + Self.filename
            #expect(FileManager.default.contents(atPath: uploaded) == Self.image)
            #expect(await lab.cluster.requests.filter { $0.path.hasSuffix("/download-url") }.isEmpty)

            // Each VM: created without a disk, `qm disk import` on the node, the disk attached as scsi0.
            #expect(node.qmCommands().sorted() == [1101, 1201, 1202].map { "disk import \($0) \(uploaded) local-lvm" })
            let vms = await lab.vms().values
            #expect(vms.count == 3)
            for vm in vms {
                #expect(vm.isRunning, "\(vm.config)")
                #expect(vm.config["scsi0"] == "local-lvm:vm-\(vm.vmid)-disk-0,size=10G", "\(vm.config)")
                #expect(vm.config["boot"] == "order=scsi0")
                #expect(vm.config["ide2"] == "local-lvm:vm-\(vm.vmid)-cloudinit,media=cdrom")
                #expect(!vm.config.keys.contains { $0.hasPrefix("unused") }, "\(vm.config)")
            }

            // The key may also be given as its text; the plan checks the file on the node.
            var inline = ssh
            inline["PROXMOX_VE_SSH_PRIVATE_KEY"] = try String(contentsOfFile: node.privateKeyPath, encoding: .utf8)
            let planned = await lab.kiln("plan", lab.planPath, overriding: inline)
            #expect(planned.stdout.contains("No changes."), "\(planned.combined)")

            let destroyed = await lab.kiln("destroy", "--auto-approve", lab.planPath, overriding: ssh)
            #expect(destroyed.status == 0, "\(destroyed.combined)")
            #expect(await lab.vms().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: uploaded), "the uploaded image is removed with the cluster")
        }
    }

    @Test func withoutSSHSettingsNothingHappensAndTheErrorNamesTheVariables() async throws {
        try await withOldProxmox { lab, node, factory in
            let applied = await lab.apply()
            #expect(applied.status != 0)
            #expect(applied.combined.contains("PROXMOX_VE_SSH_PRIVATE_KEY: is not set, and PROXMOX_VE_SSH_AGENT is not true"),
                    "\(applied.combined)")
            #expect(applied.combined.contains("PROXMOX_VE_SSH_AGENT=true to use your ssh-agent"))
            #expect(factory.requests.isEmpty, "nothing downloaded")
            #expect(await lab.cluster.requests.allSatisfy { $0.method == "GET" }, "nothing changed on Proxmox")
            #expect(node.qmCommands().isEmpty)
        }
    }

    @Test func aMalformedSettingIsNamedWithoutItsValue() async throws {
        try await withOldProxmox { lab, _, _ in
            let ssh: [String: String?] = ["PROXMOX_VE_SSH_PRIVATE_KEY": "/nonexistent/id_ed25519", "PROXMOX_VE_SSH_PORT": "twenty-two"]
            let applied = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: ssh)
            #expect(applied.status != 0)
            #expect(applied.combined.contains("PROXMOX_VE_SSH_PORT: is not a TCP port"), "\(applied.combined)")
            #expect(!applied.combined.contains("twenty-two"))
        }
    }

    @Test func aProxmox84OrLaterNeverAsksForSSH() async throws {
        try await withProviderLab { lab in
            var shape = ProviderLab.PlanShape()
            shape.imageSchematic = Self.schematic
            try lab.writePlan(shape)
            // Settings that would be refused if they were read for use.
            let applied = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: ["PROXMOX_VE_SSH_PORT": "twenty-two"])
            #expect(applied.status == 0, "\(applied.combined)")
            #expect(await lab.vms().count == 3)
        }
    }

    @Test func anUnknownNodeKeyIsRefusedWithItsFingerprintUntilTrusted() async throws {
        try await withOldProxmox { lab, node, _ in
            var ssh = try node.environment()
            let knownHosts = try node.knownHosts([])
            ssh["PROXMOX_VE_SSH_KNOWN_HOSTS"] = knownHosts
            let refused = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: ssh)
            #expect(refused.status != 0)
            let fingerprint = try node.hostKeyFingerprint()
            #expect(refused.combined.contains("host key ssh-ed25519 \(fingerprint) is not known"), "\(refused.combined)")
            #expect(refused.combined.contains("ssh-keyscan -p \(node.port) -t ed25519 127.0.0.1 >> \(knownHosts)"))
            #expect(await lab.vms().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: lab.nodeImageDirectory + "/" + Self.filename))

            // Doing what the message says (the line ssh-keyscan prints) lets the next run through.
            try (node.knownHostsLine + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
            let applied = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: ssh)
            #expect(applied.status == 0, "\(applied.combined)")
            #expect(await lab.vms().count == 3)
        }
    }

    @Test func aRunThatFailedAfterTheImportAttachesTheDiskWithoutImportingAgain() async throws {
        try await withOldProxmox { lab, node, _ in
            let ssh = try node.environment()
            // The first config edit of each VM is the one attaching its imported disk.
            try await lab.cluster.addFault(FaultRule(match: "PUT /nodes/{node}/qemu/{vmid}/config", times: 3,
                                                     error: .init(status: 403, message: "Permission check failed (/vms/1101, VM.Config.Disk)")))
            let failed = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: ssh)
            #expect(failed.status != 0)
            #expect(await lab.vms().values.allSatisfy { $0.config["unused0"] != nil && $0.config["scsi0"] == nil })

            let resumed = await lab.kiln("apply", "--auto-approve", lab.planPath, overriding: ssh)
            #expect(resumed.status == 0, "\(resumed.combined)")
            #expect(node.qmCommands().count == 3, "\(node.qmCommands())")
            for vm in await lab.vms().values {
                #expect(vm.isRunning && vm.config["scsi0"] == "local-lvm:vm-\(vm.vmid)-disk-0,size=10G", "\(vm.config)")
                #expect(vm.config["unused0"] == nil)
            }
        }
    }
}
