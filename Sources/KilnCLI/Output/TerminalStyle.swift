import Foundation

/// ANSI colours, only when they help: on a terminal, without `NO_COLOR` (https://no-color.org)
/// and not on a `TERM=dumb` one. When disabled every function returns its text unchanged, so
/// renderers colour unconditionally and piped output stays plain.
public struct TerminalStyle: Sendable, Hashable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = TerminalStyle(enabled: false)

    /// Colours when `isTerminal` and the environment allows them.
    public static func detect(isTerminal: Bool,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        return TerminalStyle(enabled: isTerminal && !noColor && !dumb)
    }

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func cyan(_ text: String) -> String { wrap(text, "36") }
    public func magenta(_ text: String) -> String { wrap(text, "35") }
    public func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
