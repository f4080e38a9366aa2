import Foundation

/// Reads a state file's bytes into a `StateDocument`, telling apart the ways it can be unusable:
/// empty or cut short, not JSON (with line and column), from a newer kiln, not a state file.
enum StateFileDecoder {
    static func decode(_ bytes: [UInt8], path: String) throws -> StateDocument {
        let data = Data(bytes)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw StateError.truncated(path: path, detail: "the file is empty") }

        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let message = Self.message(of: error)
            // A JSON object that does not end with its closing brace was cut short.
            if !text.hasSuffix("}") || message.localizedCaseInsensitiveContains("end of") {
                throw StateError.truncated(path: path, detail: "it ends before its JSON does, after \(bytes.count) bytes")
            }
            let (line, column) = Self.position(in: message, bytes: bytes)
            throw StateError.corrupt(path: path, detail: "not valid JSON (\(message))", line: line, column: column)
        }

        // Check the format before decoding the rest: a newer format may have another shape.
        guard let top = object as? [String: Any] else {
            throw StateError.corrupt(path: path, detail: "the top level is not a JSON object", line: nil, column: nil)
        }
        guard let version = top["formatVersion"] as? Int else {
            throw StateError.corrupt(path: path, detail: "no `formatVersion`: not a kiln state file", line: nil, column: nil)
        }
        if version > StateDocument.currentFormatVersion {
            throw StateError.newerFormat(path: path, formatVersion: version, writtenBy: top["kilnVersion"] as? String)
        }
        if version < 1 { throw StateError.unsupportedFormat(path: path, formatVersion: version) }

        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(StateDocument.self, from: data)
        } catch let error as DecodingError {
            throw StateError.corrupt(path: path, detail: Self.describe(error), line: nil, column: nil)
        }
    }

    private static func message(of error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? String(describing: error)
    }

    /// Foundation's parser says "… around line 3, column 7." on some platforms and "… around
    /// character 41." on others; turn either into a line and column (both from 1).
    static func position(in message: String, bytes: [UInt8]) -> (Int?, Int?) {
        func number(after word: String) -> Int? {
            guard let range = message.range(of: word + " ") else { return nil }
            return Int(message[range.upperBound...].prefix { $0.isNumber })
        }
        if let line = number(after: "line") { return (line, number(after: "column")) }
        guard let offset = number(after: "character"), offset <= bytes.count else { return (nil, nil) }
        let before = bytes.prefix(offset)
        let line = before.count { $0 == UInt8(ascii: "\n") } + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return (line, offset - lineStart + 1)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            let joined = components.joined()
            return joined.isEmpty ? "the top level" : String(joined.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing `\(key.stringValue)`"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
