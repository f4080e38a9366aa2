import Foundation
import KilnHTTP
import KilnProxmox
import KilnTestSupport
import Testing

@Suite("Requests as PVE expects them")
struct RequestShapeTests {
    @Test func aTokenGoesInTheAuthorizationHeaderOfEveryRequest() async throws {
        let pve = try FakePVE { _, _ in .data(#"{"version":"9.1.2","release":"9.1","repoid":"abcdef12"}"#) }
        let client = try pve.client()
        let version = try await client.version()
        #expect(version.version == "9.1.2")
        #expect(version.majorMinor! == (9, 1))
        let seen = try #require(pve.requests.first)
        #expect(seen.target == "/api2/json/version")
        #expect(seen.header("Authorization") == "PVEAPIToken=\(FakePVE.token)")
        #expect(seen.header("CSRFPreventionToken") == nil)
        #expect(seen.header("Cookie") == nil)
    }

    @Test func writesAreFormEncodedBodiesAndDeletesUseTheQuery() async throws {
        let pve = try FakePVE { request, _ in
            request.method == "PUT" ? .data("null") : .data("\"\(sampleUPID)\"")
        }
        let client = try pve.client()
        try await client.updateConfig(node: "pve1", vmid: 101, fields: ["cores": 4, "agent": true, "description": "kiln & co"],
                                      delete: ["ide2", "sshkeys"], digest: "d1g")
        _ = try await client.delete(node: "pve1", vmid: 101)
        let put = try #require(pve.requests("PUT", "/nodes/pve1/qemu/101/config").first)
        #expect(put.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(put.bodyText == "cores=4&agent=1&description=kiln+%26+co&delete=ide2%2Csshkeys&digest=d1g")
        let delete = try #require(pve.requests("DELETE", "/nodes/pve1/qemu/101").first)
        #expect(delete.query == "purge=1&destroy-unreferenced-disks=1")
        #expect(delete.body.isEmpty)
    }

    @Test func aCloneSendsTheSchemaParameterNames() async throws {
        let pve = try FakePVE { _, _ in .data("\"\(sampleUPID)\"") }
        let result = try await pve.client().clone(node: "pve1", template: 9000, newID: 105, name: "cp-1", full: true,
                                                  storage: "local-lvm", pool: "kiln", target: "pve2")
        #expect(result == .started(UPID(sampleUPID)!))
        let post = try #require(pve.requests("POST", "/nodes/pve1/qemu/9000/clone").first)
        #expect(post.bodyText == "newid=105&full=1&name=cp-1&storage=local-lvm&pool=kiln&target=pve2")
    }

    @Test func aTicketIsCookieOnEveryCallAndCSRFOnlyOnWrites() async throws {
        let pve = try FakePVE { request, _ in
            switch (request.method, request.path) {
            case ("POST", "/access/ticket"): .data(#"{"ticket":"PVE:root@pam:T1","CSRFPreventionToken":"C1","username":"root@pam"}"#)
            case ("GET", _): .data("[]")
            default: .data("\"\(sampleUPID)\"")
            }
        }
        let client = try pve.client(.password(username: "root@pam", password: ProxmoxPassword("pa ss&word")))
        _ = try await client.nodes()
        _ = try await client.start(node: "pve1", vmid: 100)
        let login = pve.requests("POST", "/access/ticket")
        #expect(login.count == 1)
        #expect(login.first?.bodyText == "username=root%40pam&password=pa+ss%26word")
        let get = try #require(pve.requests("GET", "/nodes").first)
        #expect(get.header("Cookie") == "PVEAuthCookie=PVE:root@pam:T1")
        #expect(get.header("CSRFPreventionToken") == nil)
        #expect(get.header("Authorization") == nil)
        let post = try #require(pve.requests("POST", "/nodes/pve1/qemu/100/status/start").first)
        #expect(post.header("Cookie") == "PVEAuthCookie=PVE:root@pam:T1")
        #expect(post.header("CSRFPreventionToken") == "C1")
    }

    @Test func theTicketIsRenewedBeforeItExpires() async throws {
        let pve = try FakePVE { request, n in
            request.path == "/access/ticket"
                ? .data(#"{"ticket":"T\#(n + 1)","CSRFPreventionToken":"C\#(n + 1)"}"#)
                : .data("[]")
        }
        let time = ManualClock()
        var options = FakePVE.fastOptions(clock: time.clock)
        options.ticketRenewal = .seconds(105 * 60)
        let client = try pve.client(.password(username: "root@pam", password: ProxmoxPassword("pw")), options: options)
        _ = try await client.nodes()
        time.advance(by: .seconds(100 * 60))
        _ = try await client.nodes()
        #expect(pve.requests("POST", "/access/ticket").count == 1)
        time.advance(by: .seconds(6 * 60))
        _ = try await client.nodes()
        #expect(pve.requests("POST", "/access/ticket").count == 2)
        #expect(pve.requests("GET", "/nodes").map { $0.header("Cookie") } == ["PVEAuthCookie=T1", "PVEAuthCookie=T1", "PVEAuthCookie=T2"])
    }

    @Test func a401WithATicketLogsInAgainOnceThenGivesUp() async throws {
        let pve = try FakePVE { request, n in
            if request.path == "/access/ticket" { return .data(#"{"ticket":"T\#(n + 1)","CSRFPreventionToken":"C"}"#) }
            // The first ticket is refused; the second works for one call, then everything is refused.
            if request.header("Cookie") == "PVEAuthCookie=T2", n == 1 { return .data("[]") }
            return .pveError(401, "authentication failure")
        }
        let client = try pve.client(.password(username: "root@pam", password: ProxmoxPassword("pw")))
        _ = try await client.nodes()
        #expect(pve.requests("POST", "/access/ticket").count == 2)
        let error = try await #require(throws: ProxmoxError.self) { try await client.nodes() }
        #expect(error.kind == .authentication)
        #expect(pve.requests("POST", "/access/ticket").count == 3)
        #expect(pve.requests("GET", "/nodes").count == 4)
    }

    @Test func concurrentCallsShareOneLogin() async throws {
        let pve = try FakePVE { request, _ in
            request.path == "/access/ticket"
                ? .data(#"{"ticket":"T","CSRFPreventionToken":"C"}"#, delay: 0.1)
                : .data("[]")
        }
        let client = try pve.client(.password(username: "root@pam", password: ProxmoxPassword("pw")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { _ = try await client.nodes() } }
            try await group.waitForAll()
        }
        #expect(pve.requests("POST", "/access/ticket").count == 1)
        #expect(pve.requests("GET", "/nodes").count == 5)
    }

    @Test func aRefusedLoginNeverShowsThePassword() async throws {
        let pve = try FakePVE { _, _ in .pveError(401, "authentication failure") }
        let client = try pve.client(.password(username: "root@pam", password: ProxmoxPassword("s3cret-pw")))
        let error = try await #require(throws: ProxmoxError.self) { try await client.nodes() }
        #expect(error.kind == .authentication)
        #expect(error.request == "POST /access/ticket")
        for text in [error.description, error.hint, String(reflecting: error)] {
            #expect(!text.contains("s3cret-pw"))
        }
        #expect(pve.requests.count == 1, "a refused login is not retried")
    }
}
