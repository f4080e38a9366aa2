import Foundation
import KilnEngine

/// Commands that take a plan file also take a plan saved by `kiln plan -out`: JSON, where a
/// plan file is YAML.
enum SavedPlanInput {
    /// The saved plan at `path`, or nil when `path` is a plan file.
    static func load(_ path: String) async throws -> SavedPlan? {
        guard let bytes = FileManager.default.contents(atPath: path),
              bytes.first(where: { !Self.isWhitespace($0) }) == UInt8(ascii: "{"),
              !path.hasSuffix(".yaml"), !path.hasSuffix(".yml") else { return nil }
        return try await SavedPlan.load(from: path)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
