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

extension ProcessRunner {
    /// `run` on a Dispatch thread: waiting for a child process must not hold one of the few
    /// threads of Swift's cooperative pool while other tests need them.
    public static func launch(_ executable: String, _ arguments: [String], input: Data? = nil,
                              currentDirectory: String? = nil, environment: [String: String]? = nil) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try run(executable, arguments, input: input, currentDirectory: currentDirectory, environment: environment)
                })
            }
        }
    }
}
