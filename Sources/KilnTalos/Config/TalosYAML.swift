/// A YAML value as Talos's Go encoder sees it: mappings keep their keys in the order the Go
/// structs declare them (that order is part of the golden output), so a mapping is a list of
/// entries, never a dictionary.
public indirect enum TalosYAML: Sendable, Equatable {
    case string(String)
    /// A multi-line string written as a `|` block (PEM text in the v1.14 documents).
    case literal(String)
    case bool(Bool)
    case int(Int)
    case map([Entry])
    case list([TalosYAML])

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: TalosYAML
        public init(_ key: String, _ value: TalosYAML) {
            self.key = key
            self.value = value
        }
    }

    public static let emptyMap = TalosYAML.map([])

    public static func strings(_ values: [String]) -> TalosYAML { .list(values.map(TalosYAML.string)) }

    /// The value under `key` of a mapping, nil for anything else.
    public subscript(key: String) -> TalosYAML? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }
}

/// Builds mappings whose optional fields are simply left out, as Go's `omitempty` does.
struct TalosMapBuilder {
    private(set) var entries: [TalosYAML.Entry] = []

    mutating func add(_ key: String, _ value: TalosYAML) { entries.append(.init(key, value)) }

    mutating func add(_ key: String, _ value: TalosYAML?, when condition: Bool = true) {
        if condition, let value { entries.append(.init(key, value)) }
    }

    var yaml: TalosYAML { .map(entries) }
}
