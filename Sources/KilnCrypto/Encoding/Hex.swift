/// Hex renderings of digests: `ab12…` and the colon-separated `AB:12:…` form browsers and
/// `openssl x509 -fingerprint` print (Proxmox shows fingerprints that way too).
public enum Hex {
    public static func encode<D: Collection>(_ bytes: D, uppercase: Bool = false, separator: String = "") -> String
    where D.Element == UInt8 {
        let digits = Array(uppercase ? "0123456789ABCDEF" : "0123456789abcdef")
        return bytes.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]]) }.joined(separator: separator)
    }

    /// Parses hex with or without `:` separators, in either case.
    public static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.filter { $0 != ":" })
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = digits[index].hexDigitValue, let low = digits[index + 1].hexDigitValue else { return nil }
            out.append(UInt8(high << 4 | low))
            index += 2
        }
        return out
    }
}
