import Foundation
import KilnTestSupport
import Testing

/// `kiln graph`: the shipped binary draws the plan's VMs; a test catalog draws a fuller graph.
@Suite struct GraphCommandTests {
    @Test func shippedCatalogDrawsOneVMPerNodeWithoutCredentials() throws {
        let home = try TemporaryDirectory()
        // No PROXMOX_VE_* at all: drawing the graph talks to nobody.
        let result = try Kiln.binary(["graph", "plans/lab.yaml"], home: home.path)
        #expect(result.status == 0, "\(result.combined)")
        for node in ["lab-cp-1", "lab-cp-2", "lab-cp-3", "lab-worker-1", "lab-worker-2"] {
            #expect(result.stdout.contains("\"proxmox_vm.\(node)\""), "\(result.stdout)")
        }
    }

    @Test func invalidPlanIsReportedLikeValidate() throws {
        let home = try TemporaryDirectory()
        let folder = BrokenPlanCorpusTests.folder.path
        let graph = try Kiln.binary(["graph", "vip-outside-subnet.yaml"], home: home.path, in: folder)
        let validate = try Kiln.binary(["validate", "vip-outside-subnet.yaml"], home: home.path, in: folder)
        #expect(graph.status == 1)
        #expect(validate.status == 1)
        #expect(graph.stdout == validate.stdout)
        #expect(graph.stdout.contains("vip-outside-subnet.yaml:16:8: error:"))
    }

    @Test func dotShowsEveryResourceAndEdgeInExecutionOrder() async {
        let result = await Kiln.inProcess(["graph", Kiln.labPlan], catalog: TestCatalog.standIn)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("digraph kiln {\n"))
        #expect(result.stdout.contains(#""proxmox_vm.lab-cp-1" -> "talos_config.lab-cp-1";"#))
        #expect(result.stdout.contains(#""talos_config.lab-cp-1" -> "talos_bootstrap.cluster";"#))
        #expect(result.stdout.contains(#""k8s_api.ready" [label="k8s_api.ready", shape=hexagon];"#))
        // 5 VMs, 5 configs, bootstrap, gate.
        #expect(result.stdout.components(separatedBy: "[label=").count - 1 == 12)
    }

    @Test func mermaidFormat() async {
        let result = await Kiln.inProcess(["graph", "--format", "mermaid", Kiln.labPlan], catalog: TestCatalog.standIn)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("flowchart LR\n"))
        #expect(result.stdout.contains(#"{{"k8s_api.ready"}}"#))
        #expect(result.stdout.contains(" --> "))
    }

    @Test func criticalPathCountsOneStepPerResource() async {
        let result = await Kiln.inProcess(["graph", "--critical-path", Kiln.labPlan], catalog: TestCatalog.standIn)
        #expect(result.status == 0)
        #expect(result.stdout == """
            Critical path: 4 steps of 12 (each resource counts as one step; resources have no expected durations yet)
              1. proxmox_vm.lab-cp-1
              2. talos_config.lab-cp-1
              3. talos_bootstrap.cluster
              4. k8s_api.ready (gate)

            """)
    }

    @Test func criticalPathWeighsResourcesByTheirTypesExpectedDuration() async {
        var catalog = TestCatalog.standIn
        // VM 2m, config 30s, bootstrap 45s, API gate 15s: through a control plane, 3m30s.
        catalog.expectedDurations = ["proxmox_vm": .seconds(120), "talos_config": .seconds(30), "talos_bootstrap": .seconds(45),
                                     "k8s_api": .seconds(15)]
        let result = await Kiln.inProcess(["graph", "--critical-path", Kiln.labPlan], catalog: catalog)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Critical path: 4 steps of 12 (expected 3m30s from the providers' expected durations)"),
                "\(result.stdout)")
    }

    @Test func aSavedPlanColoursEachResourceByItsAction() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        #expect(try await world.kiln(["plan", "-out", "lab.plan", "lab.yaml"]).status == 0)
        let graph = try await world.kiln(["graph", "lab.plan"])
        #expect(graph.status == 0, "\(graph.combined)")
        #expect(graph.stdout.contains(##""probe_object.vm-lab-cp-1" [label="+ probe_object.vm-lab-cp-1", fillcolor="#a5d6a7""##),
                "\(graph.stdout)")
    }

    @Test func aSavedDestroyPlanIsDrawnInDestroyOrder() async throws {
        let world = try ProbeWorld()
        _ = try world.plan()
        #expect(try await world.kiln(["apply", "--auto-approve", "lab.yaml"]).status == 0)
        #expect(try await world.kiln(["plan", "--destroy", "-out", "destroy.plan", "lab.yaml"]).status == 0)
        let graph = try await world.kiln(["graph", "destroy.plan"])
        #expect(graph.status == 0, "\(graph.combined)")
        #expect(graph.stdout.contains(#""probe_object.ready-lab-cp-1" -> "probe_object.kubeconfig";"#), "\(graph.stdout)")
        #expect(graph.stdout.contains(#"[label="- probe_object.kubeconfig""#))
    }

    @Test func cycleIsAnErrorNamingIt() async {
        let result = await Kiln.inProcess(["graph", Kiln.labPlan], catalog: TestCatalog.cyclic)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: dependency cycle: test.a → test.b → test.a"))
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownFormatIsAUsageError() async {
        let result = await Kiln.inProcess(["graph", "--format", "svg", Kiln.labPlan], catalog: TestCatalog.standIn)
        #expect(result.status == 64)
        #expect(result.stderr.contains("svg"))
    }
}
