import Testing
@testable import KilnPlan

/// One test per rule group: each breaks one rule of the valid fixture and checks the message
/// and where it points.
@Suite struct RuleTests {
    func errors(_ old: String, _ new: String) -> [String] {
        PlanFixtures.errors(PlanFixtures.variant(old, new))
    }

    @Test func clusterName() {
        #expect(errors("name: demo\n", "name: Demo\n") == ["1:7 cluster name `Demo` is not a DNS label"])
        #expect(errors("name: demo\n", "name: default\n").first?.contains("reserved by Cilium") == true)
        #expect(errors("name: demo\n", "name: " + String(repeating: "a", count: 33) + "\n").first?.contains("at most 32") == true)
    }

    @Test func proxmox() {
        #expect(errors("  storage: local-lvm\n", "  storage: local-lvm\n  vlan: 0\n") == ["7:9 `proxmox.vlan` 0 is outside 1–4094"])
        #expect(errors("template: 9000", "template: 42") == ["5:13 template VMID 42 is outside Proxmox's range 100–999999999"])
        #expect(errors("https://pve.example:8006", "http://pve.example:8006") == ["3:13 `proxmox.endpoint` must use https, not http"])
        #expect(errors("  template: 9000\n", "") == ["2:1 `proxmox` needs `template` (a template VMID to clone) or `image` (an Image Factory image)"])
    }

    @Test func talosVersions() {
        #expect(errors("kubernetes: v1.35.0", "kubernetes: v1.29.0")
                == ["9:15 Kubernetes v1.29.0 is not supported by Talos v1.12 (supported: v1.30 to v1.35)"])
        #expect(errors("version: v1.12.2", "version: v2.0.0").first?.contains("not supported by kiln") == true)
    }

    @Test func networkAddresses() {
        #expect(errors("gateway: 192.168.1.1", "gateway: 192.168.1.255") == ["12:12 gateway 192.168.1.255 is the broadcast address of 192.168.1.0/24"])
        #expect(errors("vip: 192.168.1.20", "vip: 10.0.0.20") == ["14:8 VIP 10.0.0.20 is outside the node subnet 192.168.1.0/24"])
        #expect(errors("vip: 192.168.1.20", "vip: 192.168.1.1") == ["14:8 VIP 192.168.1.1 is the gateway's address"])
        #expect(errors("ip: 192.168.1.22", "ip: 192.168.1.0") == ["26:9 node `demo-worker-1` IP 192.168.1.0 is the network address of 192.168.1.0/24"])
        #expect(errors("ip: 192.168.1.22", "ip: 192.168.1.21") == ["26:9 node `demo-worker-1` IP 192.168.1.21 is already used by node `demo-cp-1` (line 22)"])
    }

    @Test func networksDoNotOverlap() {
        #expect(errors("podCIDR: 10.168.0.0/16", "podCIDR: 10.100.0.0/16") == ["15:12 pod CIDR 10.100.0.0/16 overlaps the service CIDR 10.96.0.0/12"])
        #expect(errors("podCIDR: 10.168.0.0/16", "podCIDR: 192.168.0.0/16") == ["15:12 pod CIDR 192.168.0.0/16 overlaps the node subnet 192.168.1.0/24"])
    }

    @Test func nodes() {
        #expect(errors("role: controlplane", "role: worker") == ["20:3 the plan has no control plane node"])
        let even = PlanFixtures.parse(PlanFixtures.variant("role: worker", "role: controlplane"))
        #expect(even.errorCount == 0 && even.warningCount == 1 && even.plan != nil)
        #expect(errors("vmid: 2022", "vmid: 2021") == ["27:11 VMID 2021 is already used by node `demo-cp-1` (line 23)"])
        #expect(errors("vmid: 2022", "vmid: 9000") == ["27:11 VMID 9000 is the template's VMID"])
        #expect(errors("name: demo-worker-1", "name: demo-cp-1") == ["24:11 node name `demo-cp-1` is already used (line 20)"])
    }

    @Test func sizesHaveSaneBounds() {
        #expect(errors("    vmid: 2021\n", "    vmid: 2021\n    memory: 1GiB\n")
                == ["24:13 node `demo-cp-1`: 1GiB of memory is too little; a control plane needs at least 2GiB"])
        // A bad default is reported once, at the default, not once per node.
        #expect(errors("worker: {cores: 2, memory: 2GiB, disk: 10GB}", "worker: {cores: 2, memory: 512MiB, disk: 10GB}")
                == ["18:30 `defaults.worker.memory`: 512MiB of memory is too little; a worker needs at least 1GiB"])
        #expect(errors("    vmid: 2022\n", "    vmid: 2022\n    cores: 0\n") == ["28:12 node `demo-worker-1`: 0 cores is outside 1–128"])
    }

    @Test func ciliumAndPool() {
        #expect(errors("clusterID: 2", "clusterID: 256") == ["30:14 Cilium cluster ID 256 needs `maxConnectedClusters: 511` (with 255, IDs go up to 255)"])
        #expect(PlanFixtures.errors(PlanFixtures.variant("clusterID: 2", "clusterID: 400\n  maxConnectedClusters: 511")).isEmpty)
        #expect(errors("[192.168.1.30-192.168.1.31]", "[192.168.1.30-192.168.1.31, 192.168.2.0/30]")
                == ["31:49 LoadBalancer pool entry 192.168.2.0/30 is not inside the node subnet 192.168.1.0/24"])
        #expect(errors("[192.168.1.30-192.168.1.31]", "[192.168.1.20-192.168.1.31]")
                == ["31:22 LoadBalancer pool entry 192.168.1.20-192.168.1.31 contains 192.168.1.20, which is the VIP",
                    "31:22 LoadBalancer pool entry 192.168.1.20-192.168.1.31 contains 192.168.1.21, which is node `demo-cp-1`",
                    "31:22 LoadBalancer pool entry 192.168.1.20-192.168.1.31 contains 192.168.1.22, which is node `demo-worker-1`"])
        #expect(errors("endpoint: 192.168.1.31", "endpoint: 192.168.1.40") == ["34:15 ClusterMesh endpoint 192.168.1.40 is not in `cilium.loadBalancerPool`"])
    }

    @Test func labelsTaintsAndGitOps() {
        #expect(errors("    vmid: 2022\n", "    vmid: 2022\n    taints: [\"a:Never\"]\n") == ["28:14 taint `a:Never` is not valid: `Never` is not a taint effect"])
        #expect(errors("    vmid: 2022\n", "    vmid: 2022\n    labels: {\"-bad\": x}\n").first?.hasPrefix("28:14 label key `-bad` is not valid") == true)
        let gitops = PlanFixtures.valid + "gitops:\n  flux: v2.7.3\n  repository: https://github.com/me/homelab.git\n"
        #expect(PlanFixtures.parse(gitops).plan?.gitops?.path == "clusters/demo")
        let ssh = PlanFixtures.valid + "gitops:\n  flux: v2.7.3\n  repository: ssh://git@github.com/me/homelab.git\n"
        #expect(PlanFixtures.errors(ssh) == ["35:1 `gitops.repository` uses SSH but `gitops.deployKeyFile` is not set"])
    }
}
