/// Where each field of a plan was written, by path (`network.vip`, `nodes[2].ip`,
/// `cilium.loadBalancerPool[0]`). Validation uses it to point at the exact key or value, and the
/// engine can use it to say which line of the plan a resource comes from.
public struct SourceMap: Sendable, Equatable {
    public let file: String
    var keys: [String: SourceLocation] = [:]
    var values: [String: SourceLocation] = [:]

    public init(file: String) { self.file = file }

    /// The key's location (`vip:`), falling back to the value's.
    public func keyLocation(of path: String) -> SourceLocation? { keys[path] ?? values[path] }

    /// The value's location (`192.168.1.20`), falling back to the key's.
    public func location(of path: String) -> SourceLocation? { values[path] ?? keys[path] }

    /// The value's location, or the nearest enclosing field that has one, or the file's start.
    public func bestLocation(of path: String) -> SourceLocation {
        var current = path
        while !current.isEmpty {
            if let found = location(of: current) { return found }
            current = SourceMap.parent(of: current)
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    static func parent(of path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }
}
