import Foundation

/// Talos's published machine-config schemas, one per Talos minor version, loaded from a directory
/// (the files as Talos publishes them, `pkg/machinery/config/schemas/config.schema.json`), and the
/// check of a whole multi-document machine config against the schema of a node's version.
public struct TalosConfigSchemaSet: Sendable {
    /// Talos minor version → the schema file name looked for in the directory.
    public static let schemaFiles: [(talos: String, file: String)] = [
        ("v1.12", "talos-config.schema.v1.12.json"),
        ("v1.13", "talos-config.schema.json"),
        ("v1.14", "talos-config.schema.v1.14.0-rc.1.json"),
    ]

    struct Loaded: Sendable {
        var file: String
        var validator: JSONSchemaValidator
        var kinds: TalosSchemaDocumentKinds
    }

    private var schemas: [String: Loaded]

    /// The Talos minor versions a schema was found for, e.g. `["v1.12", "v1.13"]`.
    public var talosVersions: [String] {
        Self.schemaFiles.map(\.talos).filter { schemas[$0] != nil }
    }

    /// Loads every schema file of `schemaFiles` present in `directory`; at least one must be.
    public init(directory: URL) throws(TalosSchemaError) {
        schemas = [:]
        for (talos, file) in Self.schemaFiles {
            let url = directory.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw .unreadableSchema(file: url.path, reason: "\(error)")
            }
            schemas[talos] = try Self.load(data, file: file, talos: talos)
        }
        if schemas.isEmpty {
            throw .noSchemas(directory: directory.path, expected: Self.schemaFiles.map(\.file))
        }
    }

    static func load(_ data: Data, file: String, talos: String) throws(TalosSchemaError) -> Loaded {
        var loader = JSONSchemaLoader(file: file)
        let loaded = try loader.load(data)
        var definitions = loaded.definitions
        try TalosHiddenFields.apply(to: &definitions, talos: talos, file: file)
        return Loaded(file: file, validator: JSONSchemaValidator(definitions: definitions),
                      kinds: try TalosSchemaDocumentKinds(root: loaded.root, definitions: definitions, file: file))
    }

    /// `v1.13.9`, `1.13`, `v1.14.0-rc.1` → `v1.13` / `v1.14`; nil when it is not a version.
    static func minorVersion(_ version: String) -> String? {
        let bare = version.hasPrefix("v") ? version.dropFirst() : Substring(version)
        let parts = bare.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        return "v\(major).\(minor)"
    }

    /// Every violation of every document of `config` (YAML, documents separated by `---`)
    /// against the schema of `talosVersion` (the node's version, e.g. `v1.13.2`). Each document
    /// is checked against its own kind's definition. Throws when there is no schema for that
    /// version or the config is not YAML at all.
    public func violations(in config: Data, talosVersion: String) throws(TalosSchemaError) -> [TalosSchemaViolation] {
        guard let minor = Self.minorVersion(talosVersion), let schema = schemas[minor] else {
            throw .unsupportedVersion(talosVersion, available: talosVersions)
        }
        var violations: [TalosSchemaViolation] = []
        for (index, document) in try SchemaValueYAML.documents(config).enumerated() {
            guard let document else { continue }
            violations += Self.violations(of: document, index: index, schema: schema, talos: minor)
        }
        return violations
    }

    private static func violations(of document: SchemaValue, index: Int, schema: Loaded, talos: String) -> [TalosSchemaViolation] {
        func violation(_ kind: String, _ path: String, _ reason: String) -> TalosSchemaViolation {
            TalosSchemaViolation(documentIndex: index, documentKind: kind, path: path, reason: reason)
        }
        guard case .object = document else {
            return [violation("unknown", "", "expected object, got \(document.typeName)")]
        }
        let kindName: String
        let definition: String?
        switch document["kind"] {
        case nil:
            // Talos reads a document without `kind` as the v1alpha1 document.
            kindName = "v1alpha1"
            definition = schema.kinds.v1alpha1
        case let .string(kind)?:
            kindName = kind
            definition = schema.kinds.definition(forKind: kind)
        case let other?:
            return [violation("unknown", "/kind", "expected string, got \(other.typeName)")]
        }
        guard let definition, let target = schema.validator.definitions[definition] else {
            return [violation(kindName, "/kind", "unknown document kind `\(kindName)` (the Talos \(talos) schema has no such kind)")]
        }
        return schema.validator.validate(document, against: target).map {
            violation(kindName, $0.path.description, $0.reason)
        }
    }
}
