import COpenSSL

/// The keyUsage extension's bits (RFC 5280 §4.2.1.3); the raw value's bit n is the extension's bit n.
public struct KeyUsage: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let digitalSignature = KeyUsage(rawValue: 1 << 0)
    public static let contentCommitment = KeyUsage(rawValue: 1 << 1)
    public static let keyEncipherment = KeyUsage(rawValue: 1 << 2)
    public static let dataEncipherment = KeyUsage(rawValue: 1 << 3)
    public static let keyAgreement = KeyUsage(rawValue: 1 << 4)
    public static let keyCertSign = KeyUsage(rawValue: 1 << 5)
    public static let cRLSign = KeyUsage(rawValue: 1 << 6)
    public static let encipherOnly = KeyUsage(rawValue: 1 << 7)
    public static let decipherOnly = KeyUsage(rawValue: 1 << 8)

    static let names = ["digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment",
                        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"]

    /// The extension's bit numbers that are set, ascending.
    var bitNumbers: [Int] { (0..<Self.names.count).filter { rawValue & (1 << $0) != 0 } }

    public var description: String { "[" + bitNumbers.map { Self.names[$0] }.joined(separator: ", ") + "]" }
}

/// Extended key usages kiln issues and checks (RFC 5280 §4.2.1.12).
public enum ExtendedKeyUsage: String, Hashable, Sendable, CaseIterable {
    case serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, ocspSigning

    var nid: Int32 {
        switch self {
        case .serverAuth: NID_server_auth
        case .clientAuth: NID_client_auth
        case .codeSigning: NID_code_sign
        case .emailProtection: NID_email_protect
        case .timeStamping: NID_time_stamp
        case .ocspSigning: NID_OCSP_sign
        }
    }

    init?(nid: Int32) {
        guard let usage = Self.allCases.first(where: { $0.nid == nid }) else { return nil }
        self = usage
    }
}
