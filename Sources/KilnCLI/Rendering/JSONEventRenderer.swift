import Foundation
import KilnEngine

/// `--json` progress: one JSON object per line per engine event, for CI and tools. Stable
/// field names, a `schema` version, ISO 8601 UTC timestamps, durations in milliseconds, absent
/// fields left out rather than null. The schema is in docs/json-events.md; bump `schemaVersion`
/// when a field changes meaning or goes away (adding fields does not bump it).
public struct JSONEventRenderer: Sendable {
    public static let schemaVersion = 1

    private let now: @Sendable () -> Date

    /// `now` stamps events (tests pass a fixed clock).
    public init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    /// For `Executor`'s event sink; `write` receives whole lines, newline included.
    public func sink(write: @escaping @Sendable (String) -> Void) -> EngineEventSink {
        { event in write(self.line(for: event) + "\n") }
    }

    /// The event as one line of JSON (keys sorted).
    public func line(for event: EngineEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(record(for: event)) else {
            // Every field is a string, number or list of strings; encoding cannot fail. Should it,
            // still emit a parseable line.
            return #"{"schema":\#(Self.schemaVersion),"type":"encodingFailed"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct Record: Encodable {
        let schema = JSONEventRenderer.schemaVersion
        let time: String
        let type: String
        var address: String?
        var resourceType: String?
        var action: String?
        var gate: Bool?
        var elapsedMs: Int64?
        var durationMs: Int64?
        var waitingFor: String?
        var lastSeen: String?
        var error: String?
        var hint: String?
        var failedDependencies: [String]?
        var mode: String?
        var counts: RunCounts?
    }

    func record(for event: EngineEvent) -> Record {
        var record = Record(time: Self.timestamp(now()), type: Self.type(of: event))
        if let address = event.address {
            record.address = address.description
            record.resourceType = address.type
        }
        switch event {
        case .started(_, let action, let isGate):
            record.action = action.rawValue
            record.gate = isGate
        case .progress(_, let progress, let elapsed):
            record.elapsedMs = Self.milliseconds(elapsed)
            record.waitingFor = SecretScrub.scrub(progress.waitingFor)
            record.lastSeen = progress.lastSeen.map(SecretScrub.scrub)
        case .stillRunning(_, let action, let elapsed, let latest):
            record.action = action.rawValue
            record.elapsedMs = Self.milliseconds(elapsed)
            record.waitingFor = latest.map { SecretScrub.scrub($0.waitingFor) }
            record.lastSeen = latest?.lastSeen.map(SecretScrub.scrub)
        case .finished(_, let action, let duration):
            record.action = action.rawValue
            record.durationMs = Self.milliseconds(duration)
        case .failed(let failure):
            record.action = failure.action.rawValue
            record.error = SecretScrub.scrub("\(failure.error)")
            record.hint = failure.hint
        case .skipped(_, let action, let failed):
            record.action = action.rawValue
            record.failedDependencies = failed.map(\.description)
        case .interrupted(_, let action, let elapsed):
            record.action = action.rawValue
            record.elapsedMs = Self.milliseconds(elapsed)
        case .stopRequested(let mode):
            record.mode = mode.rawValue
        case .runFinished(let counts, let duration):
            record.counts = counts
            record.durationMs = Self.milliseconds(duration)
        }
        return record
    }

    static func type(of event: EngineEvent) -> String {
        switch event {
        case .started: "started"
        case .progress: "progress"
        case .stillRunning: "stillRunning"
        case .finished: "finished"
        case .failed: "failed"
        case .skipped: "skipped"
        case .interrupted: "interrupted"
        case .stopRequested: "stopRequested"
        case .runFinished: "runFinished"
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let components = duration.components
        return components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// `2026-11-26T02:55:20.123Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
