import Foundation
import KilnPlan
import KilnTalos
import KilnTestSupport
import Testing

/// Patches from the plan: cluster, then role, then node; every kind at every level; a patch that
/// does not apply names where it was written.
@Suite
struct TalosPlanPatchesTests {
    /// The fixture plan with patches under `talos:` and on the first node, and patch files in `directory`.
    static func plan(talos: String, node: String = "", files: [String: String] = [:]) throws -> (TemporaryDirectory, Plan, SourceMap) {
        let directory = try TemporaryDirectory()
        for (name, text) in files { try text.write(toFile: directory.path + "/" + name, atomically: true, encoding: .utf8) }
        var replacements = [("kubernetes: v1.35.0\n", "kubernetes: v1.35.0\n" + talos)]
        if !node.isEmpty { replacements.append(("    ip: 192.168.1.21\n", "    ip: 192.168.1.21\n" + node)) }
        var text = PlanConfigFixtures.plan
        for (old, new) in replacements { text = text.replacingOccurrences(of: old, with: new) }
        let (plan, map) = try PlanConfigFixtures.load(text, directory: directory.path)
        return (directory, plan, map)
    }

    static func config(_ plan: Plan, _ map: SourceMap, node: String = "demo-cp-1") throws -> String {
        try #require(try TalosNodeConfig.generate(node: node, in: plan, secrets: try PlanConfigFixtures.bundle.get(), sourceMap: map))
    }

    @Test
    func clusterThenRoleThenNodeEachKindAtEachLevel() throws {
        let (directory, plan, map) = try Self.plan(talos: """
              patches:
                all:
                  - merge: {machine: {certSANs: [all-merge]}}
                  - jsonPatch: [{op: add, path: /machine/certSANs/-, value: all-json}]
                  - all.yaml
                controlplane:
                  - merge: {machine: {certSANs: [cp-merge]}}
                  - {file: cp.json}
                worker:
                  - merge: {machine: {certSANs: [worker-merge]}}
                  - worker.yaml

            """, node: """
                patches:
                  - jsonPatch: [{op: add, path: /machine/certSANs/-, value: node-json}]
                  - merge: {machine: {certSANs: [node-merge]}}

            """, files: ["all.yaml": "- {op: add, path: /machine/certSANs/-, value: all-file}\n",
                         "cp.json": #"[{"op": "add", "path": "/machine/certSANs/-", "value": "cp-file"}]"#,
                         "worker.yaml": "machine:\n  certSANs: [worker-file]\n"])
        _ = directory
        let text = try Self.config(plan, map)
        #expect(text.contains("""
                certSANs:
                    - 192.168.1.20
                    - 192.168.1.21
                    - all-merge
                    - all-json
                    - all-file
                    - cp-merge
                    - cp-file
                    - node-json
                    - node-merge

            """), "\(text.prefix(1200))")
        let worker = try Self.config(plan, map, node: "demo-worker-1")
        #expect(worker.contains("- all-file\n        - worker-merge\n        - worker-file\n"))
        #expect(!worker.contains("cp-merge") && !worker.contains("node-json"))
    }

    @Test
    func aFailingInlineJSONPatchNamesThePlanLineFieldOperationAndPath() throws {
        let (directory, plan, map) = try Self.plan(talos: "", node: """
                patches:
                  - jsonPatch:
                      - {op: add, path: /machine/certSANs/-, value: ok}
                      - {op: replace, path: /machine/kubelet/nope, value: x}

            """)
        _ = directory
        do {
            _ = try Self.config(plan, map)
            Issue.record("applied")
        } catch let error as TalosPatchError {
            #expect(error.source.file == plan.file)
            #expect(error.source.field == "nodes[0].patches[0]")
            let location = try #require(error.source.location)
            #expect(location.file == plan.file && location.line > 0)
            #expect(error.operation == 1)
            #expect(error.path == "/machine/kubelet/nope")
            #expect(error.description.hasPrefix("patch \(plan.file):\(location.line) (nodes[0].patches[0]), operation 1 at `/machine/kubelet/nope` does not apply: "),
                    "\(error)")
            #expect(error.hint.contains("op: add"))
            // The same, as a plan diagnostic at the patch's place in the plan.
            #expect(DiagnosticRenderer.render(error.diagnostic) == """
                \(location): error: patch `nodes[0].patches[0]`, operation 1 at `/machine/kubelet/nope` does not apply: \(error.reason)
                  fix: \(error.hint)
                """)
        }
    }

    @Test
    func aFailingPatchFileNamesTheFile() throws {
        let (directory, plan, map) = try Self.plan(talos: "  patches:\n    controlplane: [bad.yaml]\n",
                                                   files: ["bad.yaml": "- {op: remove, path: /cluster/nothing}\n"])
        do {
            _ = try Self.config(plan, map)
            Issue.record("applied")
        } catch let error as TalosPatchError {
            #expect(error.source == .file(directory.path + "/bad.yaml"))
            #expect(error.operation == 0)
            #expect(error.path == "/cluster/nothing")
        }
        // Workers do not get control-plane patches.
        _ = try Self.config(plan, map, node: "demo-worker-1")
    }

    @Test
    func aStrategicMergeThatTargetsAMissingDocumentNamesTheInlineField() throws {
        let (directory, plan, map) = try Self.plan(talos: """
              patches:
                all:
                  - merge: {apiVersion: v1alpha1, kind: LinkConfig, name: ens99, $patch: delete}

            """)
        _ = directory
        do {
            _ = try Self.config(plan, map)
            Issue.record("applied")
        } catch let error as TalosPatchError {
            #expect(error.source.field == "talos.patches.all[0]")
            #expect(error.operation == nil)
            #expect(error.reason.contains("LinkConfig"))
        }
    }

    @Test
    func aPatchFileThatChangedIntoSomethingUnreadableIsNamed() throws {
        let (directory, plan, map) = try Self.plan(talos: "  patches:\n    all: [p.yaml]\n", files: ["p.yaml": "machine: {}\n"])
        try "machine: [oops\n".write(toFile: directory.path + "/p.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try Self.config(plan, map)
            Issue.record("applied")
        } catch let error as TalosPatchError {
            #expect(error.kind == .unreadable)
            #expect(error.source == .file(directory.path + "/p.yaml"))
        }
        try FileManager.default.removeItem(atPath: directory.path + "/p.yaml")
        #expect(throws: TalosPatchError.self) { try Self.config(plan, map) }
    }
}
