import Foundation
import KilnTestSupport
import Testing

/// `kiln validate` on the example plans and its output formats, through the real binary.
@Suite struct ValidateCommandTests {
    static let root = SharedReference.packageRoot.path

    func kiln(_ arguments: [String], in directory: String = root) throws -> CommandResult {
        try ProcessRunner.run(try KilnBinary.path(), arguments, currentDirectory: directory)
    }

    @Test func examplePlansValidate() throws {
        let result = try kiln(["validate", "plans/lab.yaml", "plans/homelab-main.yaml", "plans/homelab-gitlab.yaml"])
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.stdout.contains("plans/lab.yaml: ok — lab, 5 nodes (3 control planes, 2 workers), VIP 127.0.10.100, Talos v1.12.2 / Kubernetes v1.35.0, Cilium ID 3"))
        #expect(result.stdout.contains("plans/homelab-gitlab.yaml: ok — gitlab, 2 nodes (1 control plane, 1 worker)"))
        #expect(!result.stdout.contains("warning"), "example plans should be clean:\n\(result.stdout)")
    }

    @Test func summaryShowsTheNodeTable() throws {
        let result = try kiln(["validate", "--summary", "plans/lab.yaml"])
        #expect(result.status == 0)
        for expected in ["NODE", "PROXMOX NODE", "lab-cp-1", "controlplane", "127.0.10.11", "1011", "2GiB", "10GB",
                         "VIP", "Pod CIDR", "10.244.0.0/16", "Service CIDR", "ClusterMesh", "127.0.10.200", "LB pool"] {
            #expect(result.stdout.contains(expected), "missing \(expected) in:\n\(result.stdout)")
        }
    }

    @Test func jsonReportIsStructured() throws {
        let folder = BrokenPlanCorpusTests.folder.path
        let result = try kiln(["validate", "--json", "../../../plans/lab.yaml", "vip-outside-subnet.yaml"], in: folder)
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 1)
        let plans = object?["plans"] as? [[String: Any]] ?? []
        #expect(plans.count == 2)
        #expect(plans.first?["valid"] as? Bool == true)
        let summary = plans.first?["summary"] as? [String: Any]
        #expect(summary?["vip"] as? String == "127.0.10.100")
        #expect((summary?["nodes"] as? [[String: Any]])?.count == 5)
        #expect(plans.last?["valid"] as? Bool == false)
        #expect(plans.last?["summary"] is NSNull)
        let diagnostic = (plans.last?["diagnostics"] as? [[String: Any]])?.first
        #expect(diagnostic?["severity"] as? String == "error")
        #expect(diagnostic?["file"] as? String == "vip-outside-subnet.yaml")
        #expect(diagnostic?["line"] as? Int == 16)
        #expect(diagnostic?["column"] as? Int == 8)
        #expect((diagnostic?["fix"] as? String)?.isEmpty == false)
    }

    @Test func missingFileIsNamed() throws {
        let result = try kiln(["validate", "plans/does-not-exist.yaml"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("plans/does-not-exist.yaml: error: cannot read plan file `plans/does-not-exist.yaml`: no such file"))
    }

    @Test func noArgumentsIsAUsageError() throws {
        let result = try kiln(["validate"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("plan"))
    }
}
