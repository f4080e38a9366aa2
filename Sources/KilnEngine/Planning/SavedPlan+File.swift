import Dispatch
import Foundation

/// A saved plan on disk: pretty JSON with sorted keys, written atomically with mode 0600.
extension SavedPlan {
    public func encoded() throws(SavedPlanError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
        } catch {
            throw .writeFailed(path: planFile.path, detail: "encoding: \(error)")
        }
    }

    /// Reads a saved plan's bytes; `path` names the file in errors.
    public static func decoded(from bytes: [UInt8], path: String) throws(SavedPlanError) -> SavedPlan {
        let data = Data(bytes)
        guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .malformed(path: path, detail: bytes.isEmpty ? "the file is empty" : "not a JSON object")
        }
        guard let version = top["formatVersion"] as? Int else {
            throw .malformed(path: path, detail: "no `formatVersion`")
        }
        if version > currentFormatVersion {
            throw .newerFormat(path: path, formatVersion: version, writtenBy: top["kilnVersion"] as? String)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(SavedPlan.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .malformed(path: path, detail: "`\(Self.path(context.codingPath + [key]))` is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            throw .malformed(path: path, detail: "`\(Self.path(context.codingPath))`: \(context.debugDescription)")
        } catch {
            throw .malformed(path: path, detail: "\(error)")
        }
    }

    /// Writes the file atomically (temporary file, fsync, rename), mode 0600, off the
    /// cooperative pool.
    public func write(to path: String) async throws(SavedPlanError) {
        let bytes = try encoded()
        try await Self.offPool { () throws(SavedPlanError) in
            let name = (path as NSString).lastPathComponent, directory = (path as NSString).deletingLastPathComponent
            let prefix = (directory.isEmpty ? "" : directory + "/") + "." + name + ".tmp-"
            do {
                try DurableFile.replace(path, with: bytes, temporaryPrefix: prefix, mode: 0o600)
            } catch {
                throw .writeFailed(path: path, detail: Self.ioDetail(error))
            }
        }
    }

    public static func load(from path: String) async throws(SavedPlanError) -> SavedPlan {
        try await offPool { () throws(SavedPlanError) in
            let bytes: [UInt8]?
            do { bytes = try DurableFile.read(path) } catch { throw .unreadable(path: path, detail: ioDetail(error)) }
            guard let bytes else { throw .notFound(path: path) }
            return try decoded(from: bytes, path: path)
        }
    }

    private static func ioDetail(_ error: any Error) -> String {
        if case StateError.io(_, let operation, let code)? = error as? StateError {
            return "\(operation): \(String(cString: strerror(code)))"
        }
        return "\(error)"
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }

    /// File I/O blocks: run it on a dispatch thread, not the cooperative pool.
    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws(SavedPlanError) -> T)
        async throws(SavedPlanError) -> T {
        let result: Result<T, SavedPlanError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(SavedPlanError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
