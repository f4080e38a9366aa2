import Foundation
import KilnSSH
import KilnTestSupport
import Testing

@Suite("exec against a real sshd")
struct ExecTests {
    @Test("stdout, stderr and a non-zero exit status come back separately")
    func streamsAndStatus() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let result = try await client.exec("echo out; echo err >&2; exit 3")
        #expect(result.stdoutText == "out\n")
        #expect(result.stderrText == "err\n")
        #expect(result.exitStatus == 3)
        #expect(result.exitSignal == nil)
        #expect(!result.succeeded)
        let error = await expectSSHError(.commandFailed) { try result.checked() }
        #expect(error?.description.contains("exited with status 3: err") == true)

        // The session stays usable for the next command.
        let second = try await client.exec("true")
        #expect(second.exitStatus == 0 && second.succeeded)
        await client.close()
    }

    @Test("stdin reaches the command, then end-of-file")
    func stdinIsPassed() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let result = try await client.exec("tr a-z A-Z", stdin: Array("hello kiln\n".utf8))
        #expect(result.stdoutText == "HELLO KILN\n")
        #expect(result.exitStatus == 0)

        // Without stdin the command sees end-of-file at once instead of hanging.
        let empty = try await client.exec("wc -c", timeout: .seconds(10))
        #expect(empty.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test("megabytes through stdin, stdout and stderr at once do not deadlock")
    func largeStreams() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let input = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        // tee to stderr as well: both output windows fill while stdin is still being sent.
        let result = try await client.exec("tee /dev/stderr", stdin: input, timeout: .seconds(60))
        #expect(result.exitStatus == 0)
        #expect(result.stdout == input)
        #expect(result.stderr == input)
    }

    @Test("output beyond the cap is dropped and flagged")
    func outputCap() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let result = try await client.exec("head -c 200000 /dev/zero; echo small >&2", maxOutputBytes: 1000)
        #expect(result.stdout.count == 1000)
        #expect(result.stdoutTruncated)
        #expect(result.stderrText == "small\n")
        #expect(!result.stderrTruncated)
        #expect(result.exitStatus == 0)
    }

    @Test("a command killed by a signal reports the signal")
    func exitSignal() async throws {
        let server = try TestSSHD()
        let client = try await connectEd25519(server)
        let result = try await client.exec("kill -TERM $$")
        #expect(result.exitSignal == "TERM")
        #expect(result.exitStatus == nil)
    }
}
