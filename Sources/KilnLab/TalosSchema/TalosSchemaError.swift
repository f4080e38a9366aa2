/// Why the schema set could not load, or could not read a config at all. A config that reads
/// but breaks the schema is not an error: it yields `TalosSchemaViolation`s.
public enum TalosSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A schema file could not be read or is not JSON.
    case unreadableSchema(file: String, reason: String)
    /// A schema uses something the validator does not check (a keyword, a `$ref` form, a
    /// pattern): refused at load rather than silently ignored.
    case unsupportedSchema(file: String, path: String, reason: String)
    /// The directory holds none of the schema files.
    case noSchemas(directory: String, expected: [String])
    /// No schema for this Talos version in the directory.
    case unsupportedVersion(String, available: [String])
    /// The config is not UTF-8 YAML.
    case malformedConfig(reason: String)

    public var description: String {
        switch self {
        case let .unreadableSchema(file, reason):
            "cannot read Talos config schema \(file): \(reason)"
        case let .unsupportedSchema(file, path, reason):
            "Talos config schema \(file) at \(path.isEmpty ? "/" : path): \(reason)"
        case let .noSchemas(directory, expected):
            "no Talos config schema in \(directory) (expected one of: \(expected.joined(separator: ", ")))"
        case let .unsupportedVersion(version, available):
            "no Talos config schema for Talos \(version) (schemas loaded for: \(available.isEmpty ? "none" : available.joined(separator: ", ")))"
        case let .malformedConfig(reason):
            "cannot read machine config: \(reason)"
        }
    }
}
