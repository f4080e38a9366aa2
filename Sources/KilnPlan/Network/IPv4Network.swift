/// An IPv4 network in CIDR notation (`192.168.1.0/24`).
public struct IPv4Network: Hashable, Sendable, CustomStringConvertible {
    public let address: IPv4Address
    public let prefixLength: Int

    public enum ParseError: Error, Equatable, Sendable {
        case malformed
        /// Host bits are set (`192.168.1.5/24`): `network` is what the user probably meant.
        case hostBitsSet(network: IPv4Network)
    }

    /// Builds a network from an address and prefix, clearing host bits.
    public init(containing address: IPv4Address, prefixLength: Int) {
        self.prefixLength = max(0, min(32, prefixLength))
        self.address = IPv4Address(address.value & IPv4Network.mask(self.prefixLength))
    }

    /// Parses `A.B.C.D/N`; host bits must be zero so a typo in the address is not silently dropped.
    public static func parse(_ text: String) -> Result<IPv4Network, ParseError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])),
              parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), !parts[1].isEmpty, parts[1].count <= 2,
              let prefix = Int(parts[1]), (0...32).contains(prefix) else { return .failure(.malformed) }
        let network = IPv4Network(containing: address, prefixLength: prefix)
        guard network.address == address else { return .failure(.hostBitsSet(network: network)) }
        return .success(network)
    }

    public init?(_ text: String) {
        guard case .success(let network) = IPv4Network.parse(text) else { return nil }
        self = network
    }

    static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    public var netmask: IPv4Address { IPv4Address(IPv4Network.mask(prefixLength)) }
    /// The first address (all host bits zero).
    public var networkAddress: IPv4Address { address }
    /// The last address (all host bits one).
    public var broadcastAddress: IPv4Address { IPv4Address(address.value | ~IPv4Network.mask(prefixLength)) }
    public var range: IPv4Range { IPv4Range(first: networkAddress, last: broadcastAddress) }
    public var addressCount: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public func contains(_ ip: IPv4Address) -> Bool {
        ip.value & IPv4Network.mask(prefixLength) == address.value
    }

    /// Whether `ip` is in this network and usable by a host: /31 and /32 have no network or
    /// broadcast address (RFC 3021), larger networks exclude both.
    public func containsHost(_ ip: IPv4Address) -> Bool {
        guard contains(ip) else { return false }
        if prefixLength >= 31 { return true }
        return ip != networkAddress && ip != broadcastAddress
    }

    public func contains(_ other: IPv4Network) -> Bool {
        other.prefixLength >= prefixLength && contains(other.address)
    }

    public func overlaps(_ other: IPv4Network) -> Bool { range.overlaps(other.range) }

    public var description: String { "\(address)/\(prefixLength)" }
}
