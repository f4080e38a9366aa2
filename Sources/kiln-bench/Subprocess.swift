import Foundation

/// Runs a program to its end without holding a thread of Swift's cooperative pool: `Process`
/// reports the exit through `terminationHandler`, which resumes the waiting task. Output
/// (stdout and stderr together) goes to a file, so a chatty program never stalls on a full pipe.
enum Subprocess {
    struct Outcome {
        let status: Int32
        /// From just before the spawn to the exit: the wall time a user sees.
        let elapsed: Duration
        let output: String

        /// The last lines of the output, for an error message.
        var tail: String { output.split(separator: "\n").suffix(15).joined(separator: "\n") }
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    output: URL) async throws -> Outcome {
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw LoopbackPeer.Failure(description: "could not create \(output.path)")
        }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        // Process is not Sendable; only the cancellation handler touches it from elsewhere.
        nonisolated(unsafe) let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let clock = ContinuousClock()
        let (status, elapsed): (Int32, Duration) = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let start = clock.now
                process.terminationHandler = { finished in
                    continuation.resume(returning: (finished.terminationStatus, clock.now - start))
                }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            if process.isRunning { process.terminate() }
        }
        return Outcome(status: status, elapsed: elapsed, output: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
