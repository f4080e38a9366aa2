import Foundation

/// A task id in PVE's format: `UPID:node:pid:pstart:starttime:type:id:user:`, with pid, pstart and
/// starttime as upper-case hex (pid and pstart 8 digits).
public struct UPID: Sendable, Hashable, CustomStringConvertible {
    public var node: String
    public var pid: Int
    public var pstart: Int
    public var startTime: Int
    public var type: String
    public var id: String
    public var user: String

    public init(node: String, pid: Int, pstart: Int, startTime: Int, type: String, id: String, user: String) {
        self.node = node
        self.pid = pid
        self.pstart = pstart
        self.startTime = startTime
        self.type = type
        self.id = id
        self.user = user
    }

    public var description: String {
        "UPID:\(node):\(hex(pid, 8)):\(hex(pstart, 8)):\(hex(startTime, 8)):\(type):\(id):\(user):"
    }

    private func hex(_ value: Int, _ width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Parses `UPID:…:`; nil when the text is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        // The user may hold a `!` but never a `:`; the trailing `:` leaves an empty last part.
        guard parts.count == 9, parts[0] == "UPID", parts[8].isEmpty,
              let pid = Int(parts[2], radix: 16), let pstart = Int(parts[3], radix: 16),
              let startTime = Int(parts[4], radix: 16) else { return nil }
        self.init(node: parts[1], pid: pid, pstart: pstart, startTime: startTime, type: parts[5], id: parts[6], user: parts[7])
    }

    /// PVE's `encode_text` for a task id: control and high-bit bytes and `:` become `\xHH`, so a
    /// volid (`local:import/x.raw`) fits in the UPID.
    public static func encodeID(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if byte <= 0x20 || byte == UInt8(ascii: ":") || byte >= 0x7F {
                result += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            } else {
                result.append(Character(Unicode.Scalar(byte)))
            }
        }
        return result
    }
}
