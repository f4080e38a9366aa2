/// A connection setting that is missing or malformed, found before any request is made. It
/// names the variable and the fix, never the value (which may be a secret).
public struct ProxmoxConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable or plan setting at fault, e.g. `PROXMOX_VE_API_TOKEN`.
    public let setting: String
    public let problem: String
    public let hint: String

    public init(setting: String, problem: String, hint: String) {
        self.setting = setting
        self.problem = problem
        self.hint = hint
    }

    public var description: String { "\(setting): \(problem)" }
}
