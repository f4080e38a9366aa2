import COpenSSL
import Foundation

/// Reads the fields of an X509 that need more than one OpenSSL call.
struct X509Reader {
    let x509: OpaquePointer
    let context: String

    init(_ x509: OpaquePointer, context: String) {
        self.x509 = x509
        self.context = context
    }

    func required<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw CryptoError.openSSL("\(context): \(what)", kind: .malformedInput) }
        return value
    }

    func date(_ time: UnsafePointer<ASN1_TIME>?, _ what: String) throws -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else {
            throw CryptoError.openSSL("\(context): \(what)", kind: .malformedInput)
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    func serialNumber() throws -> [UInt8] {
        guard let integer = X509_get0_serialNumber(x509), let number = ASN1_INTEGER_to_BN(integer, nil) else {
            throw CryptoError.openSSL("\(context): serial number", kind: .malformedInput)
        }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
        let written = BN_bn2bin(number, &bytes)
        return Array(bytes.prefix(Int(written)))
    }

    /// DNS names and IP addresses from subjectAltName; other name kinds are ignored.
    func subjectAlternativeNames() throws -> (dns: [String], ip: [String]) {
        guard let raw = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else { return ([], []) }
        let names = OpaquePointer(raw)
        defer { kiln_GENERAL_NAMES_free(names) }
        var dns: [String] = [], ips: [String] = []
        for index in 0..<kiln_sk_GENERAL_NAME_num(names) {
            guard let name = kiln_sk_GENERAL_NAME_value(names, index) else { continue }
            var type: Int32 = 0
            guard let value = GENERAL_NAME_get0_value(name, &type) else { continue }
            let string = bytes(of: value.assumingMemoryBound(to: ASN1_STRING.self))
            switch type {
            case GEN_DNS:
                dns.append(String(decoding: string, as: UTF8.self))
            case GEN_IPADD:
                guard let text = IPAddressText.text(string) else {
                    throw CryptoError(.malformedInput, "\(context): subjectAltName", detail: "IP address of \(string.count) bytes")
                }
                ips.append(text)
            default:
                continue
            }
        }
        return (dns, ips)
    }

    func basicConstraintsCA() -> Bool {
        guard let raw = X509_get_ext_d2i(x509, NID_basic_constraints, nil, nil) else { return false }
        let constraints = raw.assumingMemoryBound(to: BASIC_CONSTRAINTS.self)
        defer { BASIC_CONSTRAINTS_free(constraints) }
        return constraints.pointee.ca != 0
    }

    func keyUsage() -> KeyUsage {
        guard let raw = X509_get_ext_d2i(x509, NID_key_usage, nil, nil) else { return [] }
        let bits = raw.assumingMemoryBound(to: ASN1_BIT_STRING.self)
        defer { ASN1_BIT_STRING_free(bits) }
        var usage: KeyUsage = []
        for bit in 0..<KeyUsage.names.count where ASN1_BIT_STRING_get_bit(bits, Int32(bit)) == 1 {
            usage.insert(KeyUsage(rawValue: 1 << bit))
        }
        return usage
    }

    func extendedKeyUsage() -> [ExtendedKeyUsage] {
        guard let raw = X509_get_ext_d2i(x509, NID_ext_key_usage, nil, nil) else { return [] }
        let usages = OpaquePointer(raw)
        defer { kiln_EXTENDED_KEY_USAGE_pop_free(usages) }
        return (0..<kiln_sk_ASN1_OBJECT_num(usages)).compactMap { index in
            kiln_sk_ASN1_OBJECT_value(usages, index).flatMap { ExtendedKeyUsage(nid: OBJ_obj2nid($0)) }
        }
    }
}

/// The bytes of an ASN1_STRING (octet strings, IA5 strings…).
func bytes(of string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
    let length = Int(ASN1_STRING_length(string))
    guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: length))
}
