import Foundation
import KilnEngine
import KilnPlan
import KilnTalos
import KilnTestSupport
import Testing

/// The Talos resources a plan becomes: what waits for what, and what makes a node's config
/// change show in the plan.
@Suite struct TalosResourcesTests {
    static let files = TalosClusterFiles(directory: "/state/lab")

    static func plan(_ text: String = labPlan, directory: String = "/tmp") throws -> Plan {
        let report = PlanLoader.parse(text, file: "plan.yaml", baseDirectory: directory)
        return try #require(report.plan, "\(report.diagnostics)")
    }

    static func resources(_ plan: Plan) throws -> [ResourceAddress: Resource] {
        let list = try TalosResources.resources(for: plan, files: files) { ResourceAddress(type: "vm", name: $0.name) }
        return Dictionary(uniqueKeysWithValues: list.map { ($0.address, $0) })
    }

    @Test func eachNodesConfigWaitsForItsMachineAndTheSecrets() throws {
        let resources = try Self.resources(Self.plan())
        let cp2 = try #require(resources[ResourceAddress(type: "talos_config_apply", name: "lab-cp-2")])
        #expect(cp2.dependencies == [ResourceAddress(type: "vm", name: "lab-cp-2"), TalosSecretsResources.address, TalosResources.talosconfigAddress])
        #expect(cp2.attributes["address"] == "127.0.10.12")
        #expect(cp2.attributes["role"] == "controlplane")
    }

    @Test func bootstrapWaitsOnlyForTheFirstControlPlaneAndEtcdForAllOfThem() throws {
        let resources = try Self.resources(Self.plan())
        let bootstrap = try #require(resources[TalosResources.bootstrapAddress])
        #expect(bootstrap.dependencies == [ResourceAddress(type: "talos_config_apply", name: "lab-cp-1"), TalosSecretsResources.address])
        let etcd = try #require(resources[TalosResources.etcdHealthyAddress])
        #expect(etcd.isGate)
        #expect(etcd.dependencies.contains(ResourceAddress(type: "talos_config_apply", name: "lab-cp-3")))
        #expect(!etcd.dependencies.contains(ResourceAddress(type: "talos_config_apply", name: "lab-worker-1")))
        #expect(etcd.attributes["members"] == .list(["127.0.10.11", "127.0.10.12", "127.0.10.13"]))
        let kubeconfig = try #require(resources[TalosResources.kubeconfigAddress])
        #expect(kubeconfig.dependencies.contains(TalosResources.etcdHealthyAddress))
        #expect(kubeconfig.attributes["endpoint"] == "https://127.0.10.100:6443")
        #expect(kubeconfig.attributes["path"] == "/state/lab/kubeconfig")
    }

    @Test func theTalosconfigIsWrittenBeforeAnyConfigSoDestroyCanResetWithIt() throws {
        let resources = try Self.resources(Self.plan())
        let talosconfig = try #require(resources[TalosResources.talosconfigAddress])
        #expect(talosconfig.dependencies == [TalosSecretsResources.address])
        #expect(talosconfig.attributes["endpoints"] == .list(["127.0.10.11", "127.0.10.12", "127.0.10.13"]))
        for node in ["lab-cp-1", "lab-worker-2"] {
            #expect(resources[ResourceAddress(type: "talos_config_apply", name: node)]?.dependencies
                .contains(TalosResources.talosconfigAddress) == true)
        }
    }

    @Test func aPlanChangeThatReachesTheConfigChangesItsInputsAndNothingElseDoes() throws {
        let before = try Self.resources(Self.plan())
        let moreMemory = try Self.resources(Self.plan(labPlan.replacingOccurrences(of: "memory: 2GiB", with: "memory: 4GiB")))
        let newKubernetes = try Self.resources(Self.plan(labPlan.replacingOccurrences(of: "kubernetes: v1.35.0", with: "kubernetes: v1.35.1")))
        let address = ResourceAddress(type: "talos_config_apply", name: "lab-worker-1")
        #expect(before[address]?.attributes["config_inputs"] == moreMemory[address]?.attributes["config_inputs"])
        #expect(before[address]?.attributes["config_inputs"] != newKubernetes[address]?.attributes["config_inputs"])
    }

    @Test func editingAPatchFileOnDiskChangesTheInputsOfTheNodesItReaches() throws {
        let directory = try TemporaryDirectory()
        let patch = try directory.write("extra.yaml", "machine:\n  sysctls: {vm.max_map_count: \"262144\"}\n")
        let text = labPlan.replacingOccurrences(of: "  installDisk: /dev/sda\n", with: "  installDisk: /dev/sda\n  patches: {worker: [extra.yaml]}\n")
        let before = try Self.resources(Self.plan(text, directory: directory.path))
        try "machine:\n  sysctls: {vm.max_map_count: \"524288\"}\n".write(toFile: patch, atomically: true, encoding: .utf8)
        let after = try Self.resources(Self.plan(text, directory: directory.path))
        let worker = ResourceAddress(type: "talos_config_apply", name: "lab-worker-1")
        let controlPlane = ResourceAddress(type: "talos_config_apply", name: "lab-cp-1")
        #expect(before[worker]?.attributes["config_inputs"] != after[worker]?.attributes["config_inputs"])
        #expect(before[controlPlane]?.attributes["config_inputs"] == after[controlPlane]?.attributes["config_inputs"])
    }

    @Test func aPatchThatDoesNotApplyStopsThePlanNamingThePatchAndPath() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("broken.yaml", "- {op: remove, path: /machine/nowhere/at-all}\n")
        let text = labPlan.replacingOccurrences(of: "  installDisk: /dev/sda\n", with: "  installDisk: /dev/sda\n  patches: {worker: [broken.yaml]}\n")
        let plan = try Self.plan(text, directory: directory.path)
        do {
            _ = try Self.resources(plan)
            Issue.record("a patch removing a missing path was accepted")
        } catch let error as TalosPatchError {
            #expect("\(error)".contains("broken.yaml"))
            #expect("\(error)".contains("/machine/nowhere/at-all"))
        }
    }
}

/// The project's own lab plan, as `make demo` applies it.
let labPlan = (try? String(contentsOf: SharedReference.packageRoot.appendingPathComponent("plans/lab.yaml"), encoding: .utf8)) ?? ""
