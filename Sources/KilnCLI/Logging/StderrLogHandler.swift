import Foundation
import Logging

/// One plain line per record on standard error:
///
///     debug kiln.state: opened state path=.kiln/lab.json serial=3
///
/// Metadata sorted by key, secret-looking values redacted (`LogRedaction`). No colours and no
/// timestamps: the lines sit between command output, and a wrapper adds times when it wants them.
struct StderrLogHandler: LogHandler {
    let label: String
    let write: @Sendable (String) -> Void
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]

    init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        write(Self.format(level: event.level, label: label, message: event.message.description,
                          metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }

    static func format(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "\(level.rawValue) \(label): \(message)"
        let safe = LogRedaction.redacted(metadata)
        for key in safe.keys.sorted() {
            guard let value = safe[key] else { continue }
            line += " \(key)=\(quoted(value.description))"
        }
        return line + "\n"
    }

    /// Values with spaces are quoted so a line splits back into key=value pairs.
    private static func quoted(_ text: String) -> String {
        text.isEmpty || text.contains(where: { $0 == " " || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
            : text
    }
}
