import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = out.withUnsafeMutableBytes { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard ok == 1 else { throw CryptoError.openSSL("drawing \(count) random bytes") }
        return out
    }

    /// A uniformly random value in `0..<upperBound`, without modulo bias.
    public static func uniform(below upperBound: UInt32) throws -> UInt32 {
        precondition(upperBound > 0)
        let limit = UInt32.max - UInt32.max % upperBound
        while true {
            let b = try bytes(4)
            let v = b.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            if v < limit { return v % upperBound }
        }
    }
}
