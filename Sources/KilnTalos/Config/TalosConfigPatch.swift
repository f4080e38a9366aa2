import Yams

/// A strategic-merge patch: YAML documents merged into the config's documents. A document
/// without `kind` patches the v1alpha1 document; one with `kind` (and `name`, when the kind has
/// several) patches that document, or is added when the config has none; one that also says
/// `$patch: delete` removes that document.
public struct TalosConfigPatch: Sendable {
    public var source: String
    public var documents: [TalosYAML]

    public init(yaml text: String, source: String) throws(TalosConfigError) {
        self.source = source
        var nodes: [Node] = []
        do {
            // Parsed document by document: `compose_all`'s lazy sequence drops errors.
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { nodes.append(node) }
        } catch {
            // libyaml's context would quote the patch, which may hold secrets: position only.
            throw .patchNotYAML(source: source, problem: Self.describe(error))
        }
        var documents: [TalosYAML] = []
        for (index, node) in nodes.enumerated() {
            let value = TalosYAMLNode.convert(node)
            guard case .map = value else { throw .patchNotAMapping(source: source, document: index + 1) }
            documents.append(value)
        }
        self.documents = documents
    }

    /// The documents patched and written out, as `TalosMachineConfig.generate` would.
    public func applied(to config: [TalosYAML]) throws(TalosConfigError) -> String {
        TalosYAMLEmitter.documents(try apply(to: config))
    }

    func apply(to config: [TalosYAML]) throws(TalosConfigError) -> [TalosYAML] {
        var result = config
        for patch in documents {
            let kind = patch["kind"].flatMap(\.stringValue)
            let name = patch["name"].flatMap(\.stringValue)
            let target = result.firstIndex { document in
                guard let kind else { return TalosStrategicMerge.isV1Alpha1(document) }
                return document["kind"].flatMap(\.stringValue) == kind
                    && (name == nil || document["name"].flatMap(\.stringValue) == name)
            }
            // A whole document with `$patch: delete` removes the document it names.
            if TalosStrategicMerge.isDelete(patch) {
                guard let target else {
                    throw .patchTargetMissing(source: source, document: kind.map { "the \($0) document" + (name.map { " `\($0)`" } ?? "") } ?? "the v1alpha1 document")
                }
                result.remove(at: target)
                continue
            }
            guard let target else {
                guard kind != nil else { throw .patchTargetMissing(source: source, document: "the v1alpha1 document") }
                result.append(TalosStrategicMerge.normalized(patch, path: kind ?? ""))
                continue
            }
            result[target] = TalosStrategicMerge.merge(result[target], patch, path: kind ?? "v1alpha1")
        }
        return result
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? YamlError else { return "unreadable" }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return "unreadable"
        }
    }
}

extension TalosYAML {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
