import Foundation

/// Parses durations as people write them on the command line: `30s`, `2m`, `1m30s`, `1h`,
/// `500ms`, or `0`. A bare number other than 0 is refused: seconds or minutes would be a guess.
enum DurationParser {
    static func parse(_ text: String) throws(DurationParseError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "0" { return .zero }
        guard !trimmed.isEmpty else { throw DurationParseError(text: text, reason: "it is empty") }
        var total = Duration.zero
        var digits = ""
        var rest = Substring(trimmed)
        var sawUnit = false
        while let character = rest.first {
            if character.isASCII, character.isNumber {
                digits.append(character)
                rest = rest.dropFirst()
                continue
            }
            guard let value = Int(digits) else {
                throw DurationParseError(text: text, reason: digits.isEmpty ? "a unit comes without a number" : "the number is too large")
            }
            let unit: Duration
            if rest.hasPrefix("ms") { unit = .milliseconds(1); rest = rest.dropFirst(2) }
            else if rest.hasPrefix("s") { unit = .seconds(1); rest = rest.dropFirst() }
            else if rest.hasPrefix("m") { unit = .seconds(60); rest = rest.dropFirst() }
            else if rest.hasPrefix("h") { unit = .seconds(3600); rest = rest.dropFirst() }
            else { throw DurationParseError(text: text, reason: "`\(character)` is not a unit (ms, s, m, h)") }
            total += unit * value
            digits = ""
            sawUnit = true
        }
        guard digits.isEmpty else {
            throw DurationParseError(text: text, reason: sawUnit ? "the last number has no unit" : "a number needs a unit")
        }
        return total
    }
}

/// A duration option that does not parse; says what was wrong and how to write one.
public struct DurationParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public var description: String {
        "`\(text)` is not a duration: \(reason). Write it like 30s, 2m, 1m30s, 1h or 500ms"
    }
}
