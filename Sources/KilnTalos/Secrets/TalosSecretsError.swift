/// Why a `secrets.yaml` (or talosconfig) could not be read. Names the file and the field
/// (`certs.os.key`) and says what is wrong with it, never what the value was: these files hold
/// the cluster's keys.
public struct TalosSecretsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the input came from, e.g. a path or "state".
    public var source: String
    /// The dotted path of the field at fault; empty when the whole document is.
    public var field: String
    /// What is wrong, in words that contain no part of the value.
    public var problem: String

    public init(source: String, field: String, problem: String) {
        self.source = source
        self.field = field
        self.problem = problem
    }

    public var description: String {
        field.isEmpty ? "\(source): \(problem)" : "\(source): `\(field)` \(problem)"
    }
}
