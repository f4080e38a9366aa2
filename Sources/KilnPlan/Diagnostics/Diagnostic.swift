/// One problem found in a plan: what is wrong, where, and what to do about it.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public let severity: Severity
    public let location: SourceLocation
    public let message: String
    /// A concrete next step ("use `4GiB`"), shown on its own line under the message.
    public let fix: String?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, fix: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.fix = fix
    }

    public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { filter(\.isError).count }
    public var warningCount: Int { filter { !$0.isError }.count }

    /// Sorted the way a reader goes through a file: the plan file first by line and column,
    /// then other files (patches) by name. Equal positions keep the order they were found in.
    public func sortedForDisplay(primaryFile: String) -> [Diagnostic] {
        enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            let xKey = (x.file == primaryFile ? 0 : 1, x.file, x.line, x.column, a.offset)
            let yKey = (y.file == primaryFile ? 0 : 1, y.file, y.line, y.column, b.offset)
            return xKey < yKey
        }.map(\.element)
    }
}
