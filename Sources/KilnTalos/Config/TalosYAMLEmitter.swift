/// Writes `TalosYAML` documents with the layout of Go's yaml.v3 encoder at four-space indents,
/// which is what talosctl writes: sequences indented under their key, the first key of a mapping
/// inside a sequence on the dash line and its siblings two columns further, nested values of such
/// a mapping four columns from the dash.
enum TalosYAMLEmitter {
    /// Documents separated by `---`, each a mapping.
    static func documents(_ documents: [TalosYAML]) -> String {
        documents.map(document).joined(separator: "---\n")
    }

    static func document(_ root: TalosYAML) -> String {
        var out = ""
        if case .map(let entries) = root {
            mapping(entries, indent: 0, inSequenceItem: false, into: &out)
        } else {
            value(root, indent: 0, into: &out, prefix: "")
        }
        return out
    }

    private static func mapping(_ entries: [TalosYAML.Entry], indent: Int, inSequenceItem: Bool, into out: inout String) {
        let keyColumn = inSequenceItem ? indent + 2 : indent
        for (index, entry) in entries.enumerated() {
            // The first key of a mapping in a sequence follows the "- " its caller wrote.
            if !(inSequenceItem && index == 0) { out += spaces(keyColumn) }
            out += TalosYAMLScalar.plainOrQuoted(entry.key) + ":"
            value(entry.value, indent: indent, into: &out, prefix: " ")
        }
    }

    /// The value of a key whose mapping sits at `indent`: scalars on the key's line, collections
    /// on the following lines four columns further in.
    private static func value(_ node: TalosYAML, indent: Int, into out: inout String, prefix: String) {
        switch node {
        case .map(let entries) where entries.isEmpty:
            out += prefix + "{}\n"
        case .list(let items) where items.isEmpty:
            out += prefix + "[]\n"
        case .map(let entries):
            out += "\n"
            mapping(entries, indent: indent + 4, inSequenceItem: false, into: &out)
        case .list(let items):
            out += "\n"
            sequence(items, indent: indent + 4, into: &out)
        case .literal(let text):
            out += prefix + literalHeader(text) + "\n" + literalBody(text, column: indent + 4)
        default:
            out += prefix + scalar(node) + "\n"
        }
    }

    private static func sequence(_ items: [TalosYAML], indent: Int, into out: inout String) {
        for item in items {
            out += spaces(indent) + "-"
            switch item {
            case .map(let entries) where !entries.isEmpty:
                out += " "
                mapping(entries, indent: indent, inSequenceItem: true, into: &out)
            case .literal(let text):
                out += " " + literalHeader(text) + "\n" + literalBody(text, column: indent + 2)
            case .list(let nested) where !nested.isEmpty:
                out += "\n"
                sequence(nested, indent: indent + 4, into: &out)
            default:
                value(item, indent: indent, into: &out, prefix: " ")
            }
        }
    }

    private static func scalar(_ node: TalosYAML) -> String {
        switch node {
        case .string(let text): TalosYAMLScalar.plainOrQuoted(text)
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        default: ""
        }
    }

    /// `|` keeps exactly one final newline; text without one needs `|-`.
    private static func literalHeader(_ text: String) -> String { text.hasSuffix("\n") ? "|" : "|-" }

    private static func literalBody(_ text: String, column: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines.map { $0.isEmpty ? "\n" : spaces(column) + $0 + "\n" }.joined()
    }

    private static func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
}
