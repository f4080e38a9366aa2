/// The SSH wire encoding (RFC 4251 §5) that OpenSSH key files are built from:
/// big-endian uint32, and strings as a uint32 length followed by the bytes.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    mutating func string(_ value: [UInt8]) {
        uint32(UInt32(value.count))
        bytes += value
    }

    mutating func string(_ value: String) { string(Array(value.utf8)) }

    mutating func raw(_ value: [UInt8]) { bytes += value }
}

struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0
    /// What is being read, for error messages ("reading an OpenSSH private key").
    private let context: String

    init(_ bytes: [UInt8], context: String) {
        self.bytes = bytes
        self.context = context
    }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: [UInt8] { Array(bytes[offset...]) }

    mutating func raw(_ count: Int, _ what: String) throws -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw CryptoError(.malformedInput, context, detail: "truncated at \(what)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint32(_ what: String) throws -> UInt32 {
        try raw(4, what).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string(_ what: String) throws -> [UInt8] {
        let length = try uint32(what)
        return try raw(Int(length), what)
    }

    mutating func text(_ what: String) throws -> String {
        String(decoding: try string(what), as: UTF8.self)
    }
}
