import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server process started by a test (openssl s_server, nghttpd, sshd, ssh-agent), stopped and
/// reaped when released. Its output goes to a log file the test can show when something fails.
///
/// Started with `posix_spawn`, not Foundation's `Process`: on Linux, `Process` notices a child's
/// exit when a socket shared with the child reaches end-of-file, then calls a *blocking*
/// `waitpid` on its single monitor thread.
/// sshd and ssh-agent close every inherited descriptor at startup, so Foundation blocks in
/// `waitpid` on the still-running daemon and never reaps another child: the next `ssh-keygen`
/// run hangs forever. Children of `Process` also inherit a mask that blocks SIGTERM, so a shell
/// wrapper cannot forward `stop()` (and openssl s_server ignores it). Here the server gets a clean signal mask and we reap it.
public final class BackgroundProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logPath: String
    private var reaped = false

    public struct StartFailed: Error, CustomStringConvertible { public let description: String }

    /// Starts `executable` and waits until `ready` returns true (e.g. its port accepts), or fails
    /// with the log after `timeout` or when the process exits early.
    public init(_ executable: String, _ arguments: [String], logPath: String,
                environment: [String: String]? = nil, timeout: Duration = .seconds(10), ready: () -> Bool) throws {
        self.logPath = logPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var child: pid_t = 0
        let rc = if let envp {
            posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        } else {
            posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        }
        guard rc == 0 else { throw StartFailed(description: "posix_spawn \(executable): \(String(cString: strerror(rc)))") }
        pid = child

        let deadline = ContinuousClock.now + timeout
        while !ready() {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                exitStatus = Self.exitCode(status)
                throw StartFailed(description: "\(executable) \(arguments.joined(separator: " ")) exited early:\n\(log())")
            }
            if ContinuousClock.now > deadline {
                stop()
                throw StartFailed(description: "\(executable) did not become ready within \(timeout):\n\(log())")
            }
            usleep(20_000)
        }
    }

    /// The exit code once the process has ended and been reaped (128 + N when killed by signal N).
    public private(set) var exitStatus: Int32?

    /// Whether the process still runs; once it has ended, reaps it (so no zombie keeps its pid
    /// alive) and records `exitStatus`.
    public var isRunning: Bool {
        guard !reaped else { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return true }
        reaped = true
        exitStatus = Self.exitCode(status)
        return false
    }

    /// WIFEXITED/WEXITSTATUS/WTERMSIG, which Swift cannot import as macros.
    private static func exitCode(_ status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    public func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM, then SIGKILL if it lingers; always reaped.
    public func stop() {
        guard !reaped else { return }
        reaped = true
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    deinit { stop() }
}
