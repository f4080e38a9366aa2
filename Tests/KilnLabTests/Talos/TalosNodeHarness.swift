import Foundation
import KilnLab
import KilnTalosAPI
import Testing

/// Starts a lab Talos node on a free port of a loopback address, runs `body`, stops the node.
func withTalosNode<T>(
    // A node that reboots frees its port for a moment: tests whose node reboots give it an
    // address of its own, so no other test's server can take the port meanwhile.
    _ settings: TalosNodeSettings = TalosNodeSettings(host: "127.0.0.1", port: 0),
    _ body: (TalosNode) async throws -> T
) async throws -> T {
    try await using(try await TalosNode.start(settings), stop: { await $0.stop() }, body)
}

extension TalosNode {
    /// A kiln client for this node in maintenance mode (verification skipped, as asked).
    func maintenanceClient(pinnedSHA256: [UInt8]? = nil) throws -> TalosMachineClient {
        try TalosMachineClient(host: settings.host, port: port, mode: .maintenance(pinnedSHA256: pinnedSHA256))
    }
}

/// Minimal machine configs: just what the lab node reads.
enum TalosTestConfigs {
    static let worker = """
        version: v1alpha1
        machine:
          type: worker
          token: abc.def
        cluster:
          clusterName: lab
        """
    static func machineType(_ type: String) -> String { worker.replacingOccurrences(of: "type: worker", with: "type: \(type)") }
    static let malformed = "machine:\n  type: [worker\n"
}

/// The error a call ends with, nil when it succeeded: tests state what they expect of it. Any
/// other error type is recorded as a test issue, since the client throws only TalosClientError.
func failure(of call: () async throws -> Void) async -> TalosClientError? {
    do {
        try await call()
        return nil
    } catch let error as TalosClientError {
        return error
    } catch {
        Issue.record("not a TalosClientError: \(error)")
        return nil
    }
}
