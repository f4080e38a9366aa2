import Foundation
import KilnHTTP
import KilnProxmox
import KilnTestSupport
import Testing

@Suite("Typed calls")
struct TypedCallTests {
    @Test func nextIDIsReadWhetherPVESendsAStringOrANumber() async throws {
        let asString = try FakePVE { _, _ in .data("\"101\"") }
        #expect(try await asString.client().nextID() == 101)
        let asNumber = try FakePVE { _, _ in .data("102") }
        #expect(try await asNumber.client().nextID() == 102)
    }

    @Test func aVMIDIsFreeUnlessPVESaysItAlreadyExists() async throws {
        let pve = try FakePVE { request, _ in
            request.query == "vmid=100"
                ? .pveError(400, "Parameter verification failed.", errors: ["vmid": "VM 100 already exists"])
                : .data("\"101\"")
        }
        let client = try pve.client()
        #expect(try await client.isVMIDFree(100) == false)
        #expect(try await client.isVMIDFree(101) == true)
        #expect(pve.requests.map(\.target) == ["/api2/json/cluster/nextid?vmid=100", "/api2/json/cluster/nextid?vmid=101"])
    }

    @Test func clusterResourcesListsEveryVMWithItsNodeStatusAndLock() async throws {
        let pve = try FakePVE { _, _ in
            .data(#"""
            [{"id":"qemu/100","type":"qemu","vmid":100,"name":"cp-1","node":"pve2","status":"running","template":0,
              "tags":"kiln;kiln-lab","maxmem":4294967296,"maxdisk":"21474836480","maxcpu":2,"pool":"kiln"},
             {"id":"qemu/9000","type":"qemu","vmid":"9000","name":"talos","node":"pve1","status":"stopped","template":1,
              "lock":"clone"}]
            """#)
        }
        let vms = try await pve.client().clusterResources()
        #expect(pve.requests.first?.target == "/api2/json/cluster/resources?type=vm")
        #expect(vms.count == 2)
        #expect(vms[0].vmid == 100 && vms[0].node == "pve2" && vms[0].status == "running")
        #expect(vms[0].tags == ["kiln", "kiln-lab"])
        #expect(vms[0].maxDisk == 21_474_836_480 && vms[0].maxMemory == 4_294_967_296 && vms[0].maxCPU == 2)
        #expect(vms[0].pool == "kiln" && vms[0].lock == nil && !vms[0].isTemplate)
        #expect(vms[1].vmid == 9000 && vms[1].isTemplate && vms[1].lock == "clone")
    }

    @Test func vmConfigCarriesItsDigestAndOptionsAsText() async throws {
        let pve = try FakePVE { _, _ in
            .data(#"{"digest":"abc123","cores":4,"memory":"4096","net0":"virtio=BC:24:11:00:00:01,bridge=vmbr0","agent":"1","tags":"kiln;x"}"#)
        }
        let config = try await pve.client().vmConfig(node: "pve1", vmid: 100)
        #expect(config.digest == "abc123")
        #expect(config["cores"] == "4")
        #expect(config["memory"] == "4096")
        #expect(config["net0"] == "virtio=BC:24:11:00:00:01,bridge=vmbr0")
        #expect(config.tags == ["kiln", "x"])
        #expect(config["digest"] == nil)
    }

    @Test func statusPowerAndResizeUseTheirEndpoints() async throws {
        let pve = try FakePVE { request, _ in
            switch request.path {
            case "/nodes/pve1/qemu/100/status/current": .data(#"{"status":"running","qmpstatus":"running","lock":"","agent":1,"uptime":"42"}"#)
            case "/nodes/pve1/qemu/100/resize": .data("null")
            default: .data("\"\(sampleUPID)\"")
            }
        }
        let client = try pve.client()
        let status = try await client.status(node: "pve1", vmid: 100)
        #expect(status.isRunning && status.lock == nil && status.agentEnabled && status.uptimeSeconds == 42)
        _ = try await client.shutdown(node: "pve1", vmid: 100, timeout: 60, forceStop: true)
        _ = try await client.stop(node: "pve1", vmid: 100, timeout: 10)
        #expect(try await client.resize(node: "pve1", vmid: 100, disk: "scsi0", size: "+20G") == nil)
        #expect(pve.requests("POST", "/nodes/pve1/qemu/100/status/shutdown").first?.bodyText == "timeout=60&forceStop=1")
        #expect(pve.requests("POST", "/nodes/pve1/qemu/100/status/stop").first?.bodyText == "timeout=10")
        #expect(pve.requests("PUT", "/nodes/pve1/qemu/100/resize").first?.bodyText == "disk=scsi0&size=%2B20G")
    }

    @Test func aUPIDWithSpecialCharactersStaysOnePathSegment() async throws {
        let pve = try FakePVE { _, _ in .data(#"{"status":"stopped","exitstatus":"OK"}"#) }
        let upid = try #require(UPID("UPID:pve1:00000001:00000002:00000003:qmstart:100:root@pam!a/b?c:"))
        _ = try await pve.client().taskStatus(upid)
        #expect(pve.requests.first?.target == "/api2/json/nodes/pve1/tasks/UPID:pve1:00000001:00000002:00000003:qmstart:100:root@pam%21a%2Fb%3Fc:/status")
    }

    @Test func aNodeListIsDecoded() async throws {
        let pve = try FakePVE { _, _ in .data(#"[{"node":"pve1","status":"online","maxcpu":8,"maxmem":"34359738368"},{"node":"pve2","status":"offline"}]"#) }
        let nodes = try await pve.client().nodes()
        #expect(nodes.map(\.node) == ["pve1", "pve2"])
        #expect(nodes[0].maxMemory == 34_359_738_368)
        #expect(nodes[1].status == "offline")
    }
}
