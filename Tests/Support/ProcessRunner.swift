import Foundation

/// What a finished command printed and how it ended.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public var combined: String { stdout + stderr }
}

public struct CommandFailed: Error, CustomStringConvertible {
    public let command: [String]
    public let result: CommandResult
    public var description: String {
        "\(command.joined(separator: " ")) exited \(result.status)\n\(result.stderr)\(result.stdout)"
    }
}

/// Runs checker commands (`openssl verify`, `ssh-keygen -l`…) and starts long-running peers.
public enum ProcessRunner {
    /// Runs a command to completion, feeding `input` on stdin.
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                           currentDirectory: String? = nil, environment: [String: String]? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        // Drain both pipes concurrently so a chatty command cannot fill one and deadlock.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let input { inp.fileHandleForWriting.write(input) }
        try? inp.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a command and throws with its output when it fails.
    @discardableResult
    public static func check(_ executable: String, _ arguments: [String], input: Data? = nil,
                             currentDirectory: String? = nil) throws -> CommandResult {
        let result = try run(executable, arguments, input: input, currentDirectory: currentDirectory)
        guard result.status == 0 else { throw CommandFailed(command: [executable] + arguments, result: result) }
        return result
    }
}

/// A server process started by a test, stopped when released. Its output goes to a log file the
/// test can show when something fails.
public final class BackgroundProcess: @unchecked Sendable {
    public let process: Process
    public let logPath: String

    public struct StartFailed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` and waits until `ready` returns true (e.g. its port accepts), or fails
    /// with the log after `timeout` seconds or when the process exits early.
    public init(_ executable: String, _ arguments: [String], logPath: String,
                environment: [String: String]? = nil, currentDirectory: String? = nil,
                timeout: TimeInterval = 10, ready: () -> Bool) throws {
        process = Process()
        self.logPath = logPath
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while !ready() {
            if !process.isRunning || Date() > deadline {
                let reason = process.isRunning ? "did not become ready within \(Int(timeout))s" : "exited with \(process.terminationStatus)"
                stop()
                throw StartFailed(description: "\(executable) \(arguments.joined(separator: " ")) \(reason):\n\(self.log())")
            }
            usleep(20_000)
        }
    }

    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// SIGTERM, then SIGKILL after a short grace period. Children inherit the spawning thread's
    /// signal mask, which may block SIGTERM (openssl s_server then never exits); the grace is
    /// short because callers stop servers from test code on Swift's small cooperative pool.
    /// Foundation's `waitUntilExit` spins on Linux, so poll instead.
    public func stop(grace: Duration = .milliseconds(100)) {
        guard process.isRunning else { return }
        process.terminate()
        if !waitForExit(within: grace) {
            kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(within: .seconds(5))
        }
    }

    private func waitForExit(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            if ContinuousClock.now >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    deinit { stop() }
}
