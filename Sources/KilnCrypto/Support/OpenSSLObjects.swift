import COpenSSL

/// Owns one `EVP_PKEY`. OpenSSL 3 keys are safe to share between threads for read-only use
/// (signing and encoding create their own contexts), and kiln never mutates a key after creating it.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`: it is freed with this object.
    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }
}

/// Owns one `X509`. Certificates are parsed once and then only read; OpenSSL guards its lazily
/// filled extension cache with a lock, so concurrent reads are safe.
final class X509Object: @unchecked Sendable {
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_free(pointer) }
}

/// Runs an OpenSSL `i2d_*` function and returns the DER it produced.
func derEncode(_ context: String, _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) -> Int32) throws -> [UInt8] {
    var out: UnsafeMutablePointer<UInt8>? = nil
    let length = encode(&out)
    guard length > 0, let out else { throw CryptoError.openSSL(context) }
    defer { kiln_OPENSSL_free(out) }
    return Array(UnsafeBufferPointer(start: out, count: Int(length)))
}

/// Runs an OpenSSL `d2i_*` function over `der`, insisting that it consumes every byte: trailing
/// garbage after a structure usually means the wrong parser was picked.
func derDecode<T>(_ der: [UInt8], _ context: String,
                  _ decode: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> T?) throws -> T {
    try der.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            throw CryptoError(.malformedInput, context, detail: "no data")
        }
        var cursor: UnsafePointer<UInt8>? = base
        guard let value = decode(&cursor, buffer.count) else {
            throw CryptoError.openSSL(context, kind: .malformedInput)
        }
        if let cursor, cursor != base + buffer.count {
            throw CryptoError(.malformedInput, context, detail: "\(base + buffer.count - cursor) trailing bytes after the structure")
        }
        return value
    }
}

extension Array where Element == UInt8 {
    /// Overwrites the bytes in place, for buffers that held secret key material. Swift may have
    /// copied the array earlier; this narrows, not closes, the window.
    mutating func cleanse() {
        withUnsafeMutableBytes { if let base = $0.baseAddress { OPENSSL_cleanse(base, $0.count) } }
    }
}
