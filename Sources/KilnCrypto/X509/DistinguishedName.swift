import COpenSSL

/// An X.509 name as a list of single-valued attributes in order (`O=etcd`, `O=os:admin`, or
/// nothing at all: Talos's aggregator CA has an empty subject).
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// An attribute type, named by OpenSSL's short name ("O", "CN") or a dotted OID.
    public struct AttributeType: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let country = AttributeType(rawValue: "C")
        public static let stateOrProvince = AttributeType(rawValue: "ST")
        public static let locality = AttributeType(rawValue: "L")
        public static let organization = AttributeType(rawValue: "O")
        public static let organizationalUnit = AttributeType(rawValue: "OU")
        public static let commonName = AttributeType(rawValue: "CN")

        public var description: String { rawValue }
    }

    public struct Attribute: Hashable, Sendable {
        public var type: AttributeType
        public var value: String
        public init(_ type: AttributeType, _ value: String) {
            self.type = type
            self.value = value
        }
    }

    public var attributes: [Attribute]

    public init(_ attributes: [Attribute] = []) { self.attributes = attributes }

    /// Organizations first, then the common name: the order Go's crypto/x509 (and so Talos) writes.
    public init(organizations: [String] = [], commonName: String? = nil) {
        attributes = organizations.map { Attribute(.organization, $0) }
        if let commonName { attributes.append(Attribute(.commonName, commonName)) }
    }

    public static let empty = DistinguishedName()

    public var isEmpty: Bool { attributes.isEmpty }
    public func values(of type: AttributeType) -> [String] { attributes.filter { $0.type == type }.map(\.value) }
    public var organizations: [String] { values(of: .organization) }
    public var commonName: String? { values(of: .commonName).last }

    /// `O=etcd, CN=x` in certificate order; empty for an empty name.
    public var description: String { attributes.map { "\($0.type)=\($0.value)" }.joined(separator: ", ") }
}

extension DistinguishedName {
    /// Reads an OpenSSL X509_NAME (borrowed, not freed).
    init(x509Name name: OpaquePointer) throws {
        var attributes: [Attribute] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index),
                  let object = X509_NAME_ENTRY_get_object(entry),
                  let data = X509_NAME_ENTRY_get_data(entry)
            else { throw CryptoError.openSSL("reading a certificate name", kind: .malformedInput) }
            let nid = OBJ_obj2nid(object)
            let typeName = nid != NID_undef ? OBJ_nid2sn(nid).map { String(cString: $0) } : nil
            var utf8: UnsafeMutablePointer<UInt8>? = nil
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            guard length >= 0, let utf8 else {
                throw CryptoError.openSSL("reading a certificate name attribute", kind: .malformedInput)
            }
            defer { kiln_OPENSSL_free(utf8) }
            let value = String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
            attributes.append(Attribute(AttributeType(rawValue: typeName ?? objectText(object)), value))
        }
        self.init(attributes)
    }

    /// A new X509_NAME the caller must free. Values that fit PrintableString are written as such,
    /// others as UTF8String, which is how Go encodes names (so kiln's output looks like Talos's).
    func makeX509Name() throws -> OpaquePointer {
        let context = "encoding the name \(self)"
        guard let name = X509_NAME_new() else { throw CryptoError.openSSL(context) }
        for attribute in attributes {
            let bytes = Array(attribute.value.utf8)
            let type = bytes.allSatisfy(Self.isPrintable) ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING
            let added = X509_NAME_add_entry_by_txt(name, attribute.type.rawValue, type, bytes, Int32(bytes.count), -1, 0)
            guard added == 1 else {
                X509_NAME_free(name)
                throw CryptoError.openSSL("\(context): attribute type \(attribute.type)", kind: .invalidArgument)
            }
        }
        return name
    }

    /// PrintableString's alphabet (X.680 §41.4), plus `*` as Go allows for wildcard names.
    private static func isPrintable(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array(" '()+,-./:=?*".utf8).contains(byte)
        }
    }
}

/// The dotted form of an ASN.1 object identifier.
func objectText(_ object: OpaquePointer) -> String {
    var buffer = [CChar](repeating: 0, count: 128)
    let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
    guard length > 0 else { return "?" }
    return String(decoding: buffer.prefix(Int(min(length, 127))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
