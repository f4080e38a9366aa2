import Foundation
import KilnTestSupport
import Testing
@testable import KilnPlan

@Suite struct DecodingTests {
    @Test func validPlanDecodesWithDefaultsApplied() throws {
        let report = PlanFixtures.parse(PlanFixtures.valid)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let plan = try #require(report.plan)
        #expect(plan.name == "demo")
        #expect(plan.proxmox.endpoint == "https://pve.example:8006")
        #expect(plan.proxmox.source == .template(vmid: 9000))
        #expect(plan.proxmox.bridge == "vmbr0")
        #expect(plan.talos.installDisk == "/dev/sda")
        #expect(plan.network.serviceCIDR == NetworkSettings.defaultServiceCIDR)
        #expect(plan.network.dnsDomain == "cluster.local")
        #expect(plan.nodes.count == 2)
        #expect(plan.nodes[0].resources == NodeResources(cores: 2, sockets: 1, memory: .gib(2), disk: .gb(10)))
        #expect(plan.nodes[0].proxmoxNode == "pve1")
        #expect(plan.cilium.maxConnectedClusters == 255)
        #expect(plan.cilium.clusterMesh == ClusterMeshSettings(name: "homelab", endpoint: IPv4Address("192.168.1.31")!))
        #expect(plan.controlPlaneEndpoint == "https://192.168.1.20:6443")
        #expect(report.sourceMap.location(of: "nodes[1].ip")?.line == 26)
    }

    @Test func unknownFieldSuggestsAndPointsAtTheKey() {
        let errors = PlanFixtures.errors(PlanFixtures.variant("  vip: 192.168.1.20\n", "  vip: 192.168.1.20\n  podCidr: 10.1.0.0/16\n"))
        #expect(errors == ["15:3 unknown field `podCidr` in `network`; did you mean `podCIDR`?"])
    }

    @Test func syntaxErrorsCarryYamsPosition() {
        let report = PlanFixtures.parse("name: demo\nproxmox: [a, b\n")
        #expect(report.errorCount == 1)
        #expect(report.diagnostics.first?.message.hasPrefix("YAML syntax error") == true)
        #expect(report.diagnostics.first?.location.line == 3)
    }

    @Test func duplicateKeysAreReportedAtTheSecondCopyAndDecodingGoesOn() {
        let text = PlanFixtures.variant("    vmid: 2022\n", "    vmid: 2022\n    vmid: 2023\n").replacingOccurrences(of: "clusterID: 2", with: "clusterID: 0")
        let errors = PlanFixtures.errors(text)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first == "28:5 duplicate key `vmid`: it is already set at line 27")
        #expect(errors.last?.contains("Cilium cluster ID 0") == true)
    }

    @Test func wrongTypesAndMissingFields() {
        #expect(PlanFixtures.errors(PlanFixtures.variant("nameservers: [192.168.1.1]", "nameservers: 192.168.1.1"))
                == ["13:16 `network.nameservers` must be a list, not a string (`192.168.1.1`)"])
        #expect(PlanFixtures.errors(PlanFixtures.variant("  storage: local-lvm\n", ""))
                == ["2:1 `proxmox` is missing the required field `storage`"])
        #expect(PlanFixtures.errors("- just\n- a list\n") == ["1:1 `plan` must be a mapping of fields, not a list"])
        #expect(PlanFixtures.errors("") == ["1:1 the plan file is empty"])
    }

    @Test func sizesVersionsAndAddressesAreCheckedWhereWritten() {
        #expect(PlanFixtures.errors(PlanFixtures.variant("memory: 2GiB, disk: 10GB}\nnodes", "memory: 2G, disk: 10GB}\nnodes"))
                == ["18:30 `defaults.worker.memory` `2G` is ambiguous: binary or decimal unit?"])
        #expect(PlanFixtures.errors(PlanFixtures.variant("v1.35.0", "1.35"))
                == ["9:15 `talos.kubernetes` `1.35` names a release line, not a release"])
        #expect(PlanFixtures.errors(PlanFixtures.variant("ip: 192.168.1.22", "ip: 192.168.1.22/24"))
                == ["26:9 `nodes[1].ip` is not an IPv4 address: `192.168.1.22/24`"])
    }

    @Test func credentialsAreRefusedWithoutEchoingThem() {
        let report = PlanFixtures.parse(PlanFixtures.variant("  node: pve1\n", "  node: pve1\n  token: root@pam!x=TOPSECRET\n  Password: TOPSECRET\n"))
        #expect(report.errorCount == 2)
        for diagnostic in report.diagnostics {
            #expect(!diagnostic.message.contains("TOPSECRET") && !(diagnostic.fix ?? "").contains("TOPSECRET"))
            #expect(diagnostic.fix?.contains("PROXMOX_VE_API_TOKEN") == true)
        }
        let userinfo = PlanFixtures.parse(PlanFixtures.variant("https://pve.example", "https://root:TOPSECRET@pve.example"))
        #expect(userinfo.errorCount == 1)
        #expect(userinfo.diagnostics.allSatisfy { !$0.message.contains("TOPSECRET") && !($0.fix ?? "").contains("TOPSECRET") })
    }

    @Test func endpointIsNormalised() throws {
        let plan = try #require(PlanFixtures.parse(PlanFixtures.variant("https://pve.example:8006", "https://pve.example/api2/json")).plan)
        #expect(plan.proxmox.endpoint == "https://pve.example:8006")
        #expect(plan.proxmox.port == 8006)
    }

    @Test func patchesInEveryForm() throws {
        let directory = try TemporaryDirectory()
        try "machine:\n  install:\n    wipe: true\n".write(toFile: directory.path + "/common.yaml", atomically: true, encoding: .utf8)
        let text = PlanFixtures.variant("  kubernetes: v1.35.0\n", """
              kubernetes: v1.35.0
              patches:
                all: [common.yaml, {file: common.yaml}]
                controlplane:
                  - merge: {cluster: {allowSchedulingOnControlPlanes: true}}
                worker:
                  - jsonPatch:
                      - {op: add, path: /machine/kubelet/extraArgs, value: {max-pods: "200"}}
                      - {op: remove, path: /machine/features/kubePrism}

            """)
        let report = PlanLoader.parse(text, file: "plan.yaml", baseDirectory: directory.path)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let patches = try #require(report.plan?.talos.patches)
        #expect(patches.all == [.file(directory.path + "/common.yaml"), .file(directory.path + "/common.yaml")])
        guard case .merge(let yaml) = patches.controlPlane.first else { Issue.record("no merge patch"); return }
        #expect(yaml.contains("allowSchedulingOnControlPlanes: true"))
        guard case .jsonPatch(let operations) = patches.worker.first else { Issue.record("no JSON patch"); return }
        #expect(operations.map(\.op) == ["add", "remove"])
    }

    @Test func patchFileSyntaxErrorsPointIntoThePatchFile() throws {
        let directory = try TemporaryDirectory()
        try "machine:\n  install: [a\n".write(toFile: directory.path + "/bad.yaml", atomically: true, encoding: .utf8)
        let text = PlanFixtures.variant("  kubernetes: v1.35.0\n", "  kubernetes: v1.35.0\n  patches: {all: [bad.yaml]}\n")
        let report = PlanLoader.parse(text, file: "plan.yaml", baseDirectory: directory.path)
        #expect(report.errorCount == 1)
        #expect(report.diagnostics.first?.location.file == "bad.yaml")
    }
}

