import COpenSSL

/// Message digests and HMAC over OpenSSL's EVP interface.
public enum Digest: Sendable {
    case sha1
    case sha256
    case sha512

    public var byteCount: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
    }

    var evp: OpaquePointer? {
        switch self {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        }
    }

    /// The digest of `data`.
    public func hash<D: Collection>(_ data: D) -> [UInt8] where D.Element == UInt8 {
        let bytes = Array(data)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // EVP_Digest only fails on allocation failure; an empty result would be caught by callers'
        // comparisons, but we treat it as the invariant it is.
        let ok = bytes.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &out, &length, evp, nil)
        }
        precondition(ok == 1, "EVP_Digest failed: out of memory")
        return Array(out.prefix(Int(length)))
    }

    /// HMAC of `data` under `key`.
    public func hmac<K: Collection, D: Collection>(key: K, _ data: D) -> [UInt8]
    where K.Element == UInt8, D.Element == UInt8 {
        let keyBytes = Array(key)
        let dataBytes = Array(data)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = keyBytes.withUnsafeBytes { k in
            dataBytes.withUnsafeBytes { d in
                HMAC(evp, k.baseAddress, Int32(k.count), d.bindMemory(to: UInt8.self).baseAddress, d.count, &out, &length)
            }
        }
        precondition(result != nil, "HMAC failed: out of memory")
        return Array(out.prefix(Int(length)))
    }
}

/// Constant-time comparison, for MACs and fingerprints.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { pa in
        b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
    }
}
