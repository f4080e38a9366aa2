/// One entry of an address pool: a CIDR block or an explicit first-last range, kept in the form
/// the user wrote so it can be handed to Cilium unchanged.
public enum AddressBlock: Hashable, Sendable, CustomStringConvertible {
    case network(IPv4Network)
    case range(IPv4Range)

    public enum ParseError: Error, Equatable, Sendable {
        case malformed
        case reversedRange
        case hostBitsSet(network: IPv4Network)
    }

    /// Parses `A.B.C.D/N`, `A.B.C.D-E.F.G.H` or a single address (a one-address range).
    public static func parse(_ text: String) -> Result<AddressBlock, ParseError> {
        if text.contains("/") {
            switch IPv4Network.parse(text) {
            case .success(let network): return .success(.network(network))
            case .failure(.hostBitsSet(let network)): return .failure(.hostBitsSet(network: network))
            case .failure(.malformed): return .failure(.malformed)
            }
        }
        if text.contains("-") {
            switch IPv4Range.parse(text) {
            case .success(let range): return .success(.range(range))
            case .failure(.reversed): return .failure(.reversedRange)
            case .failure(.malformed): return .failure(.malformed)
            }
        }
        if let single = IPv4Address(text) { return .success(.range(IPv4Range(first: single, last: single))) }
        return .failure(.malformed)
    }

    public var range: IPv4Range {
        switch self {
        case .network(let network): return network.range
        case .range(let range): return range
        }
    }

    public func contains(_ ip: IPv4Address) -> Bool { range.contains(ip) }

    public var description: String {
        switch self {
        case .network(let network): return network.description
        case .range(let range): return "\(range.first)-\(range.last)"
        }
    }
}
