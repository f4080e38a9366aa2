/// The cluster name: a DNS label (it becomes hostnames and Kubernetes object names) and a valid
/// Cilium cluster name (ClusterMesh identifies members by it; it cannot change later).
enum ClusterRules {
    static func check(_ context: ValidationContext) {
        guard context.usable("name") else { return }
        let name = context.plan.name
        if !NameRules.isDNSLabel(name) {
            context.error("name", "cluster name `\(name)` is not a DNS label",
                          fix: "use lowercase letters, digits and `-` (at most 63), starting and ending with a letter or digit, e.g. `\(suggestedName(name))`")
        } else if let problem = NameRules.ciliumClusterNameProblem(name) {
            context.error("name", "cluster name `\(name)` cannot be a Cilium cluster name: \(problem)",
                          fix: name == "default" ? "choose another name, e.g. `main`" : "shorten it to at most 32 characters")
        }
    }

    /// A lowercase, dash-separated version of `name` for the fix line.
    static func suggestedName(_ name: String) -> String {
        let mapped = name.lowercased().map { NameRules.isLowerAlnum($0) ? $0 : "-" }
        let trimmed = String(mapped).split(separator: "-").joined(separator: "-")
        return trimmed.isEmpty ? "main" : String(trimmed.prefix(32))
    }
}
