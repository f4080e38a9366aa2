import Foundation
import KilnTestSupport
import Testing
@testable import KilnPlan

@Suite struct MeshTests {
    static let peer = PlanFixtures.valid
        .replacingOccurrences(of: "name: demo\n", with: "name: main\n")
        .replacingOccurrences(of: "vip: 192.168.1.20", with: "vip: 192.168.1.75")
        .replacingOccurrences(of: "podCIDR: 10.168.0.0/16", with: "podCIDR: 10.244.0.0/16")
        .replacingOccurrences(of: "192.168.1.21", with: "192.168.1.71").replacingOccurrences(of: "192.168.1.22", with: "192.168.1.76")
        .replacingOccurrences(of: "vmid: 2021", with: "vmid: 2071").replacingOccurrences(of: "vmid: 2022", with: "vmid: 2076")
        .replacingOccurrences(of: "clusterID: 2", with: "clusterID: 1")
        .replacingOccurrences(of: "192.168.1.30-192.168.1.31", with: "192.168.1.80-192.168.1.81")
        .replacingOccurrences(of: "endpoint: 192.168.1.31", with: "endpoint: 192.168.1.81")

    /// Writes the peer and `second` to files and validates them together.
    func validate(_ second: String) throws -> [PlanReport] {
        let directory = try TemporaryDirectory()
        let first = try directory.write("main.yaml", Self.peer)
        let other = try directory.write("demo.yaml", second)
        return PlanLoader.loadAll([first, other])
    }

    func meshErrors(_ old: String, _ new: String) throws -> [String] {
        let reports = try validate(PlanFixtures.variant(old, new))
        #expect(reports[0].diagnostics.isEmpty, "the first plan stays clean: \(reports[0].diagnostics)")
        return reports[1].diagnostics.filter(\.isError).map(\.message)
    }

    @Test func membersThatFitPass() throws {
        let reports = try validate(PlanFixtures.valid)
        let allValid = reports.allSatisfy { $0.isValid }
        #expect(allValid, "\(reports.flatMap(\.diagnostics))")
    }

    @Test func uniqueIDsNamesAndEndpoints() throws {
        #expect(try meshErrors("clusterID: 2", "clusterID: 1").first?.hasPrefix("Cilium cluster ID 1 is already used in mesh `homelab` by `main` (") == true)
        #expect(try meshErrors("name: demo\n", "name: main\n").first?.hasPrefix("cluster name `main` is already used in mesh `homelab`") == true)
        let endpoint = try meshErrors("    endpoint: 192.168.1.31", "    endpoint: 192.168.1.81").filter { $0.hasPrefix("ClusterMesh endpoint 192.168.1.81 is already used") }
        #expect(endpoint.count == 1)
    }

    @Test func podCIDRsAndMaxConnectedClusters() throws {
        #expect(try meshErrors("podCIDR: 10.168.0.0/16", "podCIDR: 10.244.0.0/20").first?.hasPrefix("pod CIDR 10.244.0.0/20 overlaps `main`'s pod CIDR 10.244.0.0/16") == true)
        #expect(try meshErrors("clusterID: 2", "clusterID: 2\n  maxConnectedClusters: 511").first?.hasPrefix("`maxConnectedClusters` is 511 here but 255 in `main`") == true)
    }

    @Test func otherMeshesAreNotCompared() throws {
        let reports = try validate(PlanFixtures.variant("name: homelab", "name: other").replacingOccurrences(of: "clusterID: 2", with: "clusterID: 1"))
        #expect(reports[1].isValid, "\(reports[1].diagnostics)")
    }

    @Test func plansTogetherDoNotShareAddresses() throws {
        #expect(try meshErrors("vip: 192.168.1.20", "vip: 192.168.1.75").first?.hasPrefix("VIP 192.168.1.75 is also the VIP of `main`") == true)
        #expect(try meshErrors("vmid: 2022", "vmid: 2076").first?.hasPrefix("VMID 2076 is already used by node `demo-worker-1` of `main`") == true)
    }
}
