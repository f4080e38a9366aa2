/// An inclusive range of IPv4 addresses (`192.168.1.30-192.168.1.31`), the shape Cilium's
/// LoadBalancer IP pools accept besides CIDR blocks.
public struct IPv4Range: Hashable, Sendable, CustomStringConvertible {
    public let first: IPv4Address
    public let last: IPv4Address

    public init(first: IPv4Address, last: IPv4Address) {
        self.first = first
        self.last = last
    }

    public enum ParseError: Error, Equatable, Sendable {
        case malformed
        case reversed
    }

    /// Parses `first-last`; the first address must not come after the last.
    public static func parse(_ text: String) -> Result<IPv4Range, ParseError> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let first = IPv4Address(parts[0].trimmingSpaces),
              let last = IPv4Address(parts[1].trimmingSpaces) else { return .failure(.malformed) }
        guard first <= last else { return .failure(.reversed) }
        return .success(IPv4Range(first: first, last: last))
    }

    public var count: UInt64 { UInt64(last.value - first.value) + 1 }

    public func contains(_ ip: IPv4Address) -> Bool { first <= ip && ip <= last }

    public func overlaps(_ other: IPv4Range) -> Bool { first <= other.last && other.first <= last }

    public func isInside(_ network: IPv4Network) -> Bool {
        network.contains(first) && network.contains(last)
    }

    public var description: String { first == last ? "\(first)" : "\(first)-\(last)" }
}

extension Substring {
    var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
