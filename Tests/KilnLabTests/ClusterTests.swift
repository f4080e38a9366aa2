import Foundation
import KilnHTTP
@testable import KilnLab
import Testing

@Suite("Cluster-wide reads: nextid, resources, errors")
struct ClusterTests {
    @Test("/cluster/nextid answers a string; ?vmid= of a taken id is 400 'Parameter verification failed.' with vmid 'VM N already exists'")
    func nextID() async throws {
        try await withLab { lab in
            let next = try await lab.get("/cluster/nextid")
            #expect(next.data == .string("100"))

            let free = try await lab.get("/cluster/nextid?vmid=150")
            #expect(free.data == .string("150"))

            let taken = try await lab.get("/cluster/nextid?vmid=9000")
            #expect(taken.status == 400)
            #expect(taken.reason == "Parameter verification failed.")
            #expect(taken.json["errors"]?["vmid"] == "VM 9000 already exists")

            try await lab.cloneAndWait(100)
            #expect(try await lab.get("/cluster/nextid").data == .string("101"))
        }
    }

    @Test("/cluster/resources?type=vm lists every VM and template with PVE's fields")
    func resources() async throws {
        try await withLab { lab in
            try await lab.cloneAndWait(101, name: "cp-1")
            let vms = try #require(try await lab.get("/cluster/resources?type=vm").data.array)
            #expect(vms.compactMap { $0["vmid"]?.int }.sorted() == [101, 9000])
            let template = try #require(vms.first { $0["vmid"] == 9000 })
            #expect(template["template"] == 1)
            #expect(template["type"] == "qemu")
            let clone = try #require(vms.first { $0["vmid"] == 101 })
            #expect(clone["name"] == "cp-1")
            #expect(clone["node"] == "lab")
            #expect(clone["status"] == "stopped")
            #expect(clone["template"] == 0)
            #expect(clone["maxdisk"] == .int(10 << 30))
            #expect(clone["maxmem"] == .int(2048 << 20))
            #expect(clone["maxcpu"] == 2)
            #expect(clone["lock"] == nil)

            let bad = try await lab.call(.get, "/cluster/resources?type=vms", malformed: true)
            #expect(bad.status == 400)
            #expect(bad.reason == "Parameter verification failed.")
            #expect(bad.json["errors"]?["type"] != nil)

            let all = try #require(try await lab.get("/cluster/resources").data.array)
            #expect(all.contains { $0["type"] == "node" && $0["node"] == "lab" })
            #expect(all.contains { $0["type"] == "storage" && $0["storage"] == "local-lvm" })
        }
    }

    @Test("An unknown VM is 500 with 'Configuration file … does not exist' as reason phrase")
    func unknownVM() async throws {
        try await withLab { lab in
            let reply = try await lab.get("/nodes/lab/qemu/555/config")
            #expect(reply.status == 500)
            #expect(reply.reason == "Configuration file 'nodes/lab/qemu-server/555.conf' does not exist")
            #expect(reply.json["data"] == .null)
            #expect(reply.json["message"] == "Configuration file 'nodes/lab/qemu-server/555.conf' does not exist\n")

            let status = try await lab.get("/nodes/lab/qemu/555/status/current")
            #expect(status.reason == "Configuration file 'nodes/lab/qemu-server/555.conf' does not exist")
        }
    }

    @Test("An unknown path is 501 'Method … not implemented', known paths still answer")
    func unknownPath() async throws {
        try await withLab { lab in
            let reply = try await lab.get("/nodes/lab/lxc-nope")
            #expect(reply.status == 501)
            #expect(reply.reason == "Method 'GET /api2/json/nodes/lab/lxc-nope' not implemented")
            #expect(try await lab.get("/nodes").status == 200)
            #expect(try await lab.get("/nodes/lab/qemu").data.array?.count == 1)
        }
    }

    @Test("Missing and unknown parameters are 400 'Parameter verification failed.' with the errors map")
    func parameterErrors() async throws {
        try await withLab { lab in
            let reply = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["name": "ok", "colour": "blue"], malformed: true)
            #expect(reply.status == 400)
            #expect(reply.reason == "Parameter verification failed.")
            #expect(reply.json["errors"]?["newid"] == "property is missing and it is not optional")
            #expect(reply.json["errors"]?["colour"] != nil)
        }
    }

    @Test("The request log counts calls with their identity")
    func requestLog() async throws {
        try await withLab { lab in
            await lab.cluster.clearRequests()
            _ = try await lab.get("/cluster/resources?type=vm")
            _ = try await lab.get("/version")
            let requests = await lab.cluster.requests
            #expect(requests.filter { $0.path == "/cluster/resources" }.count == 1)
            #expect(requests.filter { $0.path == "/nowhere" }.isEmpty)
            let versionCalls = requests.filter { $0.path == "/version" }
            #expect(versionCalls.map(\.path) == ["/version"])
            #expect(requests.first?.identity == "root@pam!kiln")
            #expect(requests.first?.query == "type=vm")

            // Passwords sent in a query never reach the log.
            let login = try await lab.call(.post, "/access/ticket?username=root@pam&password=lab-password", headers: [:])
            #expect(login.status == 200)
            let last = await lab.cluster.requests.last
            #expect(last?.path == "/access/ticket")
            #expect(last?.query == "username=root@pam&password=***")

            // Also over HTTP, on the lab's own path.
            let response = try await lab.client.send(HTTPRequest(url: URL(string: lab.base + "/lab/requests")!))
            let listed = try JSON.decode(response.body)["data"]?.array ?? []
            #expect(listed.filter { $0["path"] == "/cluster/resources" }.count == 1)
        }
    }
}
