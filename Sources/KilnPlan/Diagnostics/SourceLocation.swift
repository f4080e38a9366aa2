/// Where something is in a file: 1-based line and column, as editors count them.
/// Line 0 means "the file as a whole" (it could not be read, or the problem has no better place).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func wholeFile(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 0, column: 0)
    }

    public var hasPosition: Bool { line > 0 }

    /// `file:line:col`, or just `file` when there is no position.
    public var description: String { hasPosition ? "\(file):\(line):\(column)" : file }

    /// `file:line`, the short form used when one diagnostic names another place.
    public var shortDescription: String { hasPosition ? "\(file):\(line)" : file }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
