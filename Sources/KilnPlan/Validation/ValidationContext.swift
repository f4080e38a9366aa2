/// What the rules of one plan see: the decoded plan, where its fields were written, and which
/// fields failed to decode (rules skip those, so one mistake yields one error).
final class ValidationContext {
    let plan: Plan
    let sourceMap: SourceMap
    private let usable: (String) -> Bool
    private(set) var diagnostics: [Diagnostic] = []

    init(plan: Plan, sourceMap: SourceMap, usable: @escaping (String) -> Bool) {
        self.plan = plan
        self.sourceMap = sourceMap
        self.usable = usable
    }

    /// Whether every listed field decoded cleanly.
    func usable(_ paths: String...) -> Bool { paths.allSatisfy(usable) }

    func location(_ path: String) -> SourceLocation { sourceMap.bestLocation(of: path) }

    func error(_ path: String, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location(path), message, fix: fix))
    }

    func warning(_ path: String, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location(path), message, fix: fix))
    }

    /// Indexes of the nodes whose `field` decoded cleanly.
    func nodeIndexes(with fields: String...) -> [Int] {
        plan.nodes.indices.filter { index in fields.allSatisfy { usable("nodes[\(index)].\($0)") } && usable("nodes[\(index)]") }
    }
}
