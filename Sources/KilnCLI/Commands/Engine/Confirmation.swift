import Foundation

/// Asking for `yes` before changing anything, as Terraform does: only on a terminal; without
/// one, the caller must have said `--auto-approve`.
enum Confirmation {
    enum Answer { case approved, declined }

    struct NoTerminal: Error, CustomStringConvertible {
        let command: String
        var description: String {
            "there is no terminal to confirm on: review the plan with `kiln plan`, then run `kiln \(command)` with --auto-approve"
        }
    }

    static func ask(_ question: String, command: String) async throws -> Answer {
        guard isatty(STDIN_FILENO) == 1 else { throw NoTerminal(command: command) }
        let console = Console.current
        console.writeOut("\n\(question)\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
        // Waiting for a person must not hold a thread of Swift's cooperative pool.
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: readLine(strippingNewline: true)) }
        }
        return line?.trimmingCharacters(in: .whitespaces) == "yes" ? .approved : .declined
    }
}
