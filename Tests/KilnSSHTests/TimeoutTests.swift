import Foundation
import KilnSSH
import KilnTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("timeouts and cancellation")
struct TimeoutTests {
    @Test("a server that accepts TCP but never speaks: connect timeout within the bound")
    func silentServer() async throws {
        // A listening socket that is never accepted: the kernel completes the TCP handshake, and
        // then nothing ever arrives (no SSH banner).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        #expect(bound && listen(fd, 4) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let configuration = SSHConfiguration(
            host: "127.0.0.1", port: port, user: "nobody",
            authentication: .privateKey(SSHPrivateKey("unused")),
            hostKeyPolicy: .pinned([]), connectTimeout: .milliseconds(800))
        let started = ContinuousClock.now
        let error = await expectSSHError(.connectTimeout) { _ = try await SSHClient.connect(configuration) }
        let elapsed = ContinuousClock.now - started
        // Far below "forever", with room for a loaded machine whose fixtures block pool threads.
        #expect(elapsed >= .milliseconds(700) && elapsed < .seconds(20), "took \(elapsed)")
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("handshake") == true)
    }

    @Test("a closed port: connection refused")
    func refused() async throws {
        let refusing = Ports.Refusing()
        let configuration = SSHConfiguration(
            host: "127.0.0.1", port: Int(refusing.port), user: "nobody",
            authentication: .privateKey(SSHPrivateKey("unused")), hostKeyPolicy: .pinned([]))
        let error = await expectSSHError(.connectFailed) { _ = try await SSHClient.connect(configuration) }
        withExtendedLifetime(refusing) {}
        #expect(error?.description.contains("Connection refused") == true)
    }

    @Test("cancelling the task stops a long remote sleep promptly")
    func cancelLongCommand() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let started = ContinuousClock.now
        // A duration unique to this run, so the process can be told from earlier runs' leftovers.
        let sleep = "sleep 91.\(UInt32.random(in: 100_000...999_999))"
        let task = Task { try await client.exec(sleep, timeout: .seconds(120)) }
        // Cancel once the command runs on the server: a cancel in the middle of opening the
        // channel leaves the session unusable by design (see docs/ssh.md).
        let pgrep = try ExternalTools.require("pgrep")
        let deadline = ContinuousClock.now + .seconds(20)
        while try ProcessRunner.run(pgrep, ["-f", "^\(sleep)$"]).status != 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        task.cancel()
        let result = await task.result
        let elapsed = ContinuousClock.now - started
        switch result {
        case .success: Issue.record("\(sleep) finished despite cancellation")
        case .failure(let error):
            #expect((error as? SSHError)?.kind == .cancelled, "\(error)")
        }
        #expect(elapsed < .seconds(30), "took \(elapsed)")
        let after = try await client.exec("echo still-here", timeout: .seconds(10))
        #expect(after.stdoutText == "still-here\n")
    }

    @Test("a command exceeding its timeout fails with .timeout in time")
    func commandTimeout() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let started = ContinuousClock.now
        let error = await expectSSHError(.timeout) { _ = try await client.exec("sleep 90", timeout: .milliseconds(700)) }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(30), "took \(elapsed)")
        #expect(error?.description.contains("sleep 90") == true)

        // The abandoned channel was closed cleanly, so the session carries on.
        let after = try await client.exec("echo still-here", timeout: .seconds(10))
        #expect(after.stdoutText == "still-here\n")
    }
}
