/// An IPv4 address as a 32-bit number, so containment and ranges are plain integer comparisons.
/// The plan format is IPv4-only for now: the Proxmox cloud-init settings and the Talos network
/// documents kiln writes carry one IPv4 address per node.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text. Rejects leading zeros ("010.0.0.1"), which some tools read as octal.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  !(part.count > 1 && part.first == "0"),
                  let octet = UInt32(part), octet <= 255 else { return nil }
            result = result << 8 | octet
        }
        value = result
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    /// The address `offset` places further on, or nil past 255.255.255.255.
    public func advanced(by offset: Int) -> IPv4Address? {
        let next = Int64(value) + Int64(offset)
        guard next >= 0, next <= Int64(UInt32.max) else { return nil }
        return IPv4Address(UInt32(next))
    }
}
