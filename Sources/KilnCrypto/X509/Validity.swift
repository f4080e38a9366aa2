import Foundation

/// A certificate's validity period. X.509 times have whole seconds, so both ends are truncated.
public struct Validity: Hashable, Sendable {
    public var notBefore: Date
    public var notAfter: Date

    public init(notBefore: Date, notAfter: Date) {
        self.notBefore = Date(timeIntervalSince1970: notBefore.timeIntervalSince1970.rounded(.down))
        self.notAfter = Date(timeIntervalSince1970: notAfter.timeIntervalSince1970.rounded(.down))
    }

    /// `hours` long from `start`: Talos gives CAs 87600 hours and the admin client cert 8760.
    public static func hours(_ hours: Int, from start: Date = Date()) -> Validity {
        Validity(notBefore: start, notAfter: start.addingTimeInterval(TimeInterval(hours) * 3600))
    }

    public var duration: TimeInterval { notAfter.timeIntervalSince(notBefore) }
}
