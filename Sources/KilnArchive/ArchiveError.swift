/// Why an archive could not be read or written. Says what was wrong with the bytes, never
/// echoes them: archives kiln reads (a kubeconfig) hold secrets.
public struct ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
