/// Fields Talos declares as Go maps (`map[string]string`: sysctls, node labels and taints) are
/// written with their keys sorted, whatever order the input gives them in.
enum TalosGoMap {
    static func entries(_ pairs: [(key: String, value: String)]) -> [TalosYAML.Entry] {
        sorted(pairs.map { .init($0.key, .string($0.value)) })
    }

    /// A key given twice keeps its last value, as assigning into a Go map would.
    static func sorted(_ entries: [TalosYAML.Entry]) -> [TalosYAML.Entry] {
        var latest: [String: TalosYAML.Entry] = [:]
        for entry in entries { latest[entry.key] = entry }
        return latest.values.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }
}
