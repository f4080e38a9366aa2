import Foundation

/// Which branch of a Talos schema's top-level `oneOf` a document belongs to. Every branch is a
/// `$ref` to one document type; a validator that only says "oneOf failed" hides the reason, so
/// the document's own `kind` picks the branch and that branch's failures are reported.
struct TalosSchemaDocumentKinds: Sendable {
    /// `kind` (its schema `enum`) → definition name.
    var byKind: [String: String] = [:]
    /// The kind spelled by the definition's name (`runtime.UnattendedInstallConfigV1Alpha1` →
    /// `UnattendedInstallConfig`) → definition name: finds the branch even when the schema's
    /// `kind` enum disagrees with the name (v1.14.0-rc.1's `UnattendedInstall`), so the report is
    /// that enum mismatch rather than "unknown kind".
    var byDefinitionName: [String: String] = [:]
    /// The v1alpha1 document: no `kind`, a `version`.
    var v1alpha1: String?

    init(root: JSONSchema, definitions: [String: JSONSchema], file: String) throws(TalosSchemaError) {
        guard case let .keywords(rootKeywords) = root, let branches = rootKeywords.oneOf else {
            throw .unsupportedSchema(file: file, path: "", reason: "the root has no oneOf of document kinds")
        }
        for (index, branch) in branches.enumerated() {
            guard case let .keywords(keywords) = branch, let name = keywords.ref,
                  case let .keywords(definition)? = definitions[name] else {
                throw .unsupportedSchema(file: file, path: "/oneOf/\(index)", reason: "a document branch that is not a $ref")
            }
            if case let .keywords(kind)? = definition.properties["kind"] {
                for value in kind.enumValues ?? [] {
                    if let text = value.stringValue { byKind[text] = name }
                }
            } else if definition.properties["version"] != nil {
                v1alpha1 = name
            }
            if let kind = Self.kind(fromDefinitionName: name) { byDefinitionName[kind] = name }
        }
    }

    /// `group.KindV1Alpha1` → `Kind`.
    static func kind(fromDefinitionName name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        var kind = Substring(name[name.index(after: dot)...])
        guard let version = kind.range(of: "V[0-9]+((Alpha|Beta)[0-9]+)?$", options: .regularExpression) else { return nil }
        kind = kind[..<version.lowerBound]
        return kind.isEmpty ? nil : String(kind)
    }

    func definition(forKind kind: String) -> String? {
        byKind[kind] ?? byDefinitionName[kind]
    }
}
