import KilnCrypto

extension Talosconfig {
    /// The YAML talosctl reads and writes: `context`, then `contexts` keyed by name, each with
    /// `endpoints`, `nodes`, `ca`, `crt`, `key` (base64 of PEM text; the key under Talos's
    /// `ED25519 PRIVATE KEY` label).
    public func encoded() throws -> String {
        var out = YAMLBlockWriter()
        out.field("context", context, depth: 0)
        out.open("contexts", depth: 0)
        for entry in contexts.sorted(by: { $0.name < $1.name }) {
            out.open(entry.name, depth: 1)
            out.list("endpoints", entry.endpoints, depth: 2)
            if !entry.nodes.isEmpty { out.list("nodes", entry.nodes, depth: 2) }
            out.field("ca", TalosSecretsBundle.pemBase64(entry.ca), depth: 2)
            out.field("crt", TalosSecretsBundle.pemBase64(entry.certificate), depth: 2)
            out.field("key", try TalosSecretsBundle.pemBase64(entry.key), depth: 2)
        }
        return out.text
    }

    /// Reads a talosconfig; errors name the field, never a value. The current context must exist,
    /// and each context's key must belong to its certificate.
    public static func decode(yaml text: String, source: String) throws -> Talosconfig {
        let root = try YAMLFieldReader(try YAMLDocument.root(text, source: source), path: "", source: source,
                                       allowed: ["context", "contexts"])
        let current = try root.string("context")
        guard let contextsNode = root.node("contexts") else { throw root.missing("contexts") }
        let contextsReader = try YAMLFieldReader(contextsNode, path: "contexts", source: source, allowed: nil)
        let contexts = try contextsReader.keys.map { name in
            let entry = try contextsReader.mapping(name, allowed: ["endpoints", "nodes", "ca", "crt", "key"])
            let certificate = try PEMField.certificate(entry, "crt")
            let key = try PEMField.privateKey(entry, "key")
            guard certificate.matches(key) else {
                throw TalosSecretsError(source: source, field: entry.field("key"), problem: "does not belong to \(entry.field("crt"))")
            }
            return Context(name: name, endpoints: try entry.strings("endpoints"), nodes: try entry.strings("nodes"),
                           ca: try PEMField.certificate(entry, "ca"), certificate: certificate, key: key)
        }
        guard contexts.contains(where: { $0.name == current }) else {
            throw TalosSecretsError(source: source, field: "context", problem: "names a context that is not under `contexts`")
        }
        return Talosconfig(context: current, contexts: contexts)
    }
}
