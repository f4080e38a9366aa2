/// A memory or disk size with an explicit unit. Binary (`MiB GiB TiB`) and decimal
/// (`MB GB TB`) units are both accepted; a bare number or `G` is refused as ambiguous.
public struct ByteSize: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Unit: String, CaseIterable, Sendable {
        case mib = "MiB", gib = "GiB", tib = "TiB"
        case mb = "MB", gb = "GB", tb = "TB"

        public var bytes: UInt64 {
            switch self {
            case .mib: return 1 << 20
            case .gib: return 1 << 30
            case .tib: return 1 << 40
            case .mb: return 1_000_000
            case .gb: return 1_000_000_000
            case .tb: return 1_000_000_000_000
            }
        }
    }

    public let amount: Double
    public let unit: Unit
    public let bytes: UInt64

    public init(_ amount: Double, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
        self.bytes = UInt64((amount * Double(unit.bytes)).rounded())
    }

    public static func gib(_ amount: Double) -> ByteSize { ByteSize(amount, .gib) }
    public static func gb(_ amount: Double) -> ByteSize { ByteSize(amount, .gb) }

    /// Whole MiB, rounded up: what Proxmox's `memory` setting takes.
    public var mebibytesRoundedUp: UInt64 { (bytes + (1 << 20) - 1) >> 20 }
    /// Whole GiB, rounded up: what Proxmox's disk `size` (`30G`) takes.
    public var gibibytesRoundedUp: UInt64 { (bytes + (1 << 30) - 1) >> 30 }

    public var description: String {
        let number = amount == amount.rounded() ? String(Int64(amount)) : String(amount)
        return "\(number)\(unit.rawValue)"
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}
