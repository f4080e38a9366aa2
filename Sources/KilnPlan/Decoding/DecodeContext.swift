import Yams

/// State shared by the section decoders of one plan file: the diagnostics found so far, where
/// each field was written, and which fields could not be decoded. A field that failed to decode
/// holds a placeholder in the model and is listed in `broken`, so validation rules skip it instead
/// of piling follow-up errors onto the root cause.
final class DecodeContext {
    let file: String
    /// The directory relative paths in the plan resolve against (the plan file's directory).
    let baseDirectory: String
    var diagnostics: [Diagnostic] = []
    var sourceMap: SourceMap
    private(set) var broken: Set<String> = []

    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.sourceMap = SourceMap(file: file)
    }

    func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func error(_ location: SourceLocation, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, message, fix: fix))
    }

    func warning(_ location: SourceLocation, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location, message, fix: fix))
    }

    func markBroken(_ path: String) { broken.insert(path) }

    /// Whether a field decoded cleanly: neither it nor an enclosing field is broken.
    func isUsable(_ path: String) -> Bool {
        var current = path
        while !current.isEmpty {
            if broken.contains(current) { return false }
            current = SourceMap.parent(of: current)
        }
        return true
    }
}
