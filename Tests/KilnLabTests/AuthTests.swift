import Foundation
import KilnHTTP
@testable import KilnLab
import Testing

@Suite("Authentication and permissions, as PVE checks them")
struct AuthTests {
    @Test("An API token is accepted; a wrong secret or no credentials get 401")
    func tokenAuthentication() async throws {
        try await withLab { lab in
            let ok = try await lab.get("/version")
            #expect(ok.status == 200)
            #expect(ok.data["version"] == "9.1.1")

            let wrong = try await lab.call(.get, "/version", headers: ["Authorization": "PVEAPIToken=root@pam!kiln=00000000-0000-0000-0000-000000000000"])
            #expect(wrong.status == 401)
            #expect(wrong.reason == "invalid token value!")

            let unknown = try await lab.call(.get, "/version", headers: ["Authorization": "PVEAPIToken=root@pam!nope=x"])
            #expect(unknown.status == 401)

            let none = try await lab.call(.get, "/version", headers: [:])
            #expect(none.status == 401)
            #expect(none.reason == "No ticket")
            #expect(none.json["data"] == .null)
        }
    }

    @Test("A ticket works as cookie; a write without its CSRF token gets 401, with it goes through")
    func ticketAndCSRF() async throws {
        try await withLab { lab in
            let badLogin = try await lab.call(.post, "/access/ticket", form: ["username": "root@pam", "password": "wrong"], headers: [:])
            #expect(badLogin.status == 401)
            #expect(badLogin.reason == "authentication failure")

            let login = try await lab.call(.post, "/access/ticket", form: ["username": "root@pam", "password": "lab-password"], headers: [:])
            #expect(login.status == 200)
            let ticket = try #require(login.data["ticket"]?.string)
            let csrf = try #require(login.data["CSRFPreventionToken"]?.string)
            #expect(ticket.hasPrefix("PVE:root@pam:"))
            #expect(login.data["username"] == "root@pam")

            let cookie = "PVEAuthCookie=\(LabHarness.encode(ticket))"
            let read = try await lab.call(.get, "/nodes", headers: ["Cookie": cookie])
            #expect(read.status == 200)
            #expect(read.data[0]?["node"] == "lab")

            let form = ["newid": "120", "full": "1"]
            let noCSRF = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: form, headers: ["Cookie": cookie])
            #expect(noCSRF.status == 401)
            #expect(noCSRF.reason == "Permission denied - invalid csrf token")
            #expect(await lab.cluster.virtualMachine(120) == nil)

            let withCSRF = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: form,
                                              headers: ["Cookie": cookie, "CSRFPreventionToken": csrf])
            #expect(withCSRF.status == 200)
            let upid = try #require(withCSRF.data.string)
            #expect(upid.hasSuffix(":qmclone:9000:root@pam:"))
            #expect(try await lab.waitForTask(upid)["exitstatus"] == "OK")
        }
    }

    @Test("A token without VM.Clone gets 403 with PVE's message, and nothing is cloned")
    func missingPrivilege() async throws {
        let config = LabHarness.config(tokenPrivileges: ["VM.Audit", "VM.Allocate", "Sys.Audit", "VM.Config.*"])
        try await withLab(config) { lab in
            let reply = try await lab.call(.post, "/nodes/lab/qemu/9000/clone", form: ["newid": "101"])
            #expect(reply.status == 403)
            #expect(reply.reason == "Permission check failed (/vms/9000, VM.Clone)")
            #expect(reply.json["message"] == "Permission check failed (/vms/9000, VM.Clone)\n")
            #expect(try await lab.resource(101) == nil)

            // VM.Config.* covers every config privilege, but not power management.
            let config = try await lab.call(.put, "/nodes/lab/qemu/9000/config", form: ["memory": "4096"])
            #expect(config.status == 200)
            let start = try await lab.call(.post, "/nodes/lab/qemu/9000/status/start")
            #expect(start.status == 403)
            #expect(start.reason == "Permission check failed (/vms/9000, VM.PowerMgmt)")
        }
    }
}
