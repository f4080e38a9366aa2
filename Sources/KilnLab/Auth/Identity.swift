/// Who made a request: a user (ticket) or one of its API tokens, with the privileges it holds.
public struct Identity: Sendable, Equatable, CustomStringConvertible {
    public enum Method: String, Sendable { case token, ticket }

    /// `root@pam`.
    public var user: String
    /// `kiln` for `root@pam!kiln`.
    public var tokenID: String?
    public var method: Method
    public var privileges: PrivilegeSet

    /// `root@pam!kiln` or `root@pam`: how PVE names the task owner.
    public var description: String { tokenID.map { "\(user)!\($0)" } ?? user }
}

/// Granted privileges: exact names (`VM.Clone`), families (`VM.Config.*`), or everything (`*`).
public struct PrivilegeSet: Sendable, Equatable {
    public var patterns: [String]

    public init(_ patterns: [String]) { self.patterns = patterns }

    public func contains(_ privilege: String) -> Bool {
        patterns.contains { pattern in
            pattern == "*" || pattern == privilege
                || (pattern.hasSuffix(".*") && privilege.hasPrefix(String(pattern.dropLast())))
        }
    }

    /// Throws PVE's 403 unless `privilege` is held (`path` is the ACL path PVE names: `/vms/100`).
    public func require(_ privilege: String, on path: String) throws {
        guard contains(privilege) else { throw PVEError.permission(path, privilege) }
    }
}
