/// Block-style YAML with Go's yaml encoder layout (four spaces per level, sequences indented
/// under their key), for the fixed shapes of Talos files. Values go through `YAMLScalarWriter`.
struct YAMLBlockWriter {
    private(set) var text = ""

    mutating func raw(_ lines: String) { text += lines }

    /// `key:` opening a nested mapping or sequence.
    mutating func open(_ key: String, depth: Int) {
        text += indent(depth) + YAMLScalarWriter.scalar(key) + ":\n"
    }

    mutating func field(_ key: String, _ value: String, depth: Int) {
        text += indent(depth) + YAMLScalarWriter.scalar(key) + ": " + YAMLScalarWriter.scalar(value) + "\n"
    }

    /// A sequence of strings; an empty one is `key: []`, as Go writes it.
    mutating func list(_ key: String, _ values: [String], depth: Int) {
        guard !values.isEmpty else {
            text += indent(depth) + YAMLScalarWriter.scalar(key) + ": []\n"
            return
        }
        open(key, depth: depth)
        for value in values { text += indent(depth + 1) + "- " + YAMLScalarWriter.scalar(value) + "\n" }
    }

    private func indent(_ depth: Int) -> String { String(repeating: "    ", count: depth) }
}
