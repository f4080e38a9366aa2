import Foundation
@testable import KilnLab
import KilnTestSupport
import Testing

/// The official PVE schema in front of every handler: what a real PVE refuses, the lab refuses,
/// with PVE's shape and wording. Needs `../shared/ref/pve-api-schema.json`.
@Suite("Requests checked against the official PVE schema", .enabled(if: SharedReference.isAvailable, SharedReference.skipReason))
struct SchemaTests {
    var schema: PVESchema { LabHarness.sharedSchema! }

    func errors(_ method: String, _ template: String, _ values: [String: String]) -> [String: String] {
        do {
            try schema.check(method: method, template: template, path: template, values: values)
            return [:]
        } catch let error as PVEError {
            return error.errors
        } catch {
            return ["?": "\(error)"]
        }
    }

    @Test("The whole schema is indexed by path and method")
    func indexed() {
        #expect(schema.endpointCount == 649)
    }

    @Test("A clone without newid, with an unknown parameter, is refused with PVE's shape; the handler never runs")
    func cloneMissingAndUnknown() async throws {
        try await withLab { lab async throws in
            let reply = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["name": "cp-1", "colour": "blue"], malformed: true)
            #expect(reply.status == 400)
            #expect(reply.reason == "Parameter verification failed.")
            #expect(reply.json["data"] == .null)
            #expect(reply.json["errors"] == [
                "newid": "property is missing and it is not optional",
                "colour": "property is not defined in schema and the schema does not allow additional properties",
            ])
            let logged = try #require(await lab.cluster.requests.last)
            #expect(logged.rejectedBySchema)
            #expect(await lab.cluster.schemaRejections == 1)
        }
    }

    @Test("Config values are checked by type, minimum, enum and format, property strings key by key")
    func configValues() async throws {
        try await withLab { lab async throws in
            try await lab.cloneAndWait(101)
            let reply = try await lab.call(.put, "/nodes/lab/qemu/101/config", form: [
                "cores": "0", "scsihw": "virtio-scsi-fast", "net0": "virtio=01:24:11:00:00:01,bridge=vmbr0",
                "onboot": "maybe", "ipconfig0": "ip=10.0.0.300/24",
            ], malformed: true)
            #expect(reply.status == 400)
            let errors = try #require(reply.json["errors"]?.object)
            #expect(errors["cores"] == "value must have a minimum value of 1")
            #expect(errors["scsihw"]?.string?.hasPrefix("value 'virtio-scsi-fast' does not have a value in the enumeration 'lsi, lsi53c810, ") == true)
            #expect(errors["net0"] == "invalid format - format error\nnet0.macaddr: invalid format - value does not look like a valid unicast MAC address")
            #expect(errors["onboot"] == "type check ('boolean') failed - got 'maybe'")
            #expect(errors["ipconfig0"]?.string?.hasPrefix("invalid format - format error\nipconfig0.ip: invalid format") == true)
            #expect(try await lab.get("/nodes/lab/qemu/101/config").data["cores"] == 2)
        }
    }

    @Test("What kiln sends passes: NIC, ipconfig, tags, agent, cpu, disks with import-from, description")
    func kilnRequestsPass() {
        #expect(errors("PUT", "/nodes/{node}/qemu/{vmid}/config", [
            "node": "pve1", "vmid": "101", "net0": "virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,tag=20,firewall=1",
            "ipconfig0": "ip=10.0.0.11/24,gw=10.0.0.1", "tags": "kiln;cluster-a", "agent": "enabled=1", "cpu": "x86-64-v2-AES",
            "onboot": "1", "description": "made by kiln\nplan: demo", "nameserver": "10.0.0.1 1.1.1.1", "searchdomain": "lab.example",
            "delete": "ide2,serial0", "boot": "order=scsi0;net0",
        ]) == [:])
        #expect(errors("POST", "/nodes/{node}/qemu", [
            "node": "pve1", "vmid": "120", "scsi0": "local-lvm:0,import-from=local:import/talos.raw,discard=on,iothread=1",
            "ide2": "local-lvm:cloudinit", "serial0": "socket", "scsihw": "virtio-scsi-single", "memory": "4096",
        ]) == [:])
        #expect(errors("PUT", "/nodes/{node}/qemu/{vmid}/resize", ["node": "pve1", "vmid": "120", "disk": "scsi0", "size": "+18.5G"]) == [:])
    }

    @Test("Wrong requests are refused: sizes, VMIDs, node names, tags, ipconfig keys, requires")
    func wrongRequests() {
        #expect(errors("PUT", "/nodes/{node}/qemu/{vmid}/resize", ["node": "pve1", "vmid": "120", "disk": "scsi0", "size": "20GB"])["size"]
            == "value does not match the regex pattern")
        #expect(errors("GET", "/cluster/nextid", ["vmid": "99"])["vmid"] == "value must have a minimum value of 100")
        #expect(errors("GET", "/nodes/{node}/qemu", ["node": "-bad-"])["node"] == "invalid format - value does not look like a valid node name")
        #expect(errors("PUT", "/nodes/{node}/qemu/{vmid}/config", ["node": "a", "vmid": "101", "tags": "ok;-no"])["tags"]
            == "invalid format - invalid characters in tag")
        #expect(errors("PUT", "/nodes/{node}/qemu/{vmid}/config", ["node": "a", "vmid": "101", "ipconfig0": "address=10.0.0.1/24"])["ipconfig0"]
            == "invalid format - invalid key in comma-separated list property: address")
        #expect(errors("PUT", "/nodes/{node}/qemu/{vmid}/config", ["node": "a", "vmid": "101", "net0": "bridge=vmbr0"])["net0"]
            == "invalid format - format error\nnet0.model: property is missing and it is not optional")
        #expect(errors("POST", "/nodes/{node}/storage/{storage}/download-url", [
            "node": "a", "storage": "local", "content": "import", "filename": "t.raw", "url": "https://x/t.raw", "checksum": "abc",
        ])["checksum-algorithm"] == "missing property - 'checksum' requires this property")
        #expect(errors("PUT", "/nodes/{node}/qemu/{vmid}/config", ["node": "a", "vmid": "101", "scsi0": "local-lvm:0,size=10 G"])["scsi0"]
            == "invalid format - format error\nscsi0.size: invalid format - unable to parse size '10 G'")
    }

    @Test("A method the schema does not have is 501, like PVE")
    func unknownMethod() {
        #expect(throws: PVEError(status: 501, "Method 'PATCH /api2/json/version' not implemented")) {
            try schema.check(method: "PATCH", template: "/version", path: "/version", values: [:])
        }
    }

    @Test("PVE 8.3's schema has no content=import for download-url; 9.1's has")
    func versionedEnum() async throws {
        var config = LabHarness.config()
        config.version = "8.3.0"
        try await withLab(config) { lab async throws in
            #expect(try await lab.get("/version").data["version"] == "8.3.0")
            let reply = try await lab.call(.post, "/nodes/lab/storage/local/download-url", form: [
                "content": "import", "filename": "talos.raw", "url": "https://factory.talos.dev/image/x/v1.11.0/nocloud-amd64.raw",
            ], malformed: true)
            #expect(reply.status == 400)
            #expect(reply.json["errors"]?["content"] == "value 'import' does not have a value in the enumeration 'iso, vztmpl'")
        }
    }

    @Test("The request log shows what the schema refused, also over HTTP")
    func requestLogOverHTTP() async throws {
        try await withLab { lab async throws in
            _ = try await lab.call(.get, "/cluster/nextid?vmid=12", malformed: true)
            _ = try await lab.get("/version")
            let response = try await lab.client.send(.init(url: URL(string: lab.base + "/lab/requests")!))
            let json = try JSON.decode(response.body)
            #expect(json["rejectedBySchema"] == 1)
            #expect(json["data"]?.array?.map { $0["rejectedBySchema"] } == [true, false])
        }
    }
}
