import COpenSSL

/// Sets fields and adds extensions on an X509 being built. Extensions are built as OpenSSL
/// structures, never from `openssl.cnf`-style strings, so no name can smuggle in syntax.
struct X509Writer {
    let x509: OpaquePointer
    let context: String

    init(_ x509: OpaquePointer, context: String) {
        self.x509 = x509
        self.context = context
    }

    func check(_ result: Int32, _ what: String) throws {
        guard result == 1 else { throw CryptoError.openSSL("\(context): \(what)") }
    }

    func setSerialNumber(_ serial: [UInt8]) throws {
        guard !serial.isEmpty, let number = BN_bin2bn(serial, Int32(serial.count), nil) else {
            throw CryptoError(.invalidArgument, context, detail: "empty serial number")
        }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x509)) != nil else {
            throw CryptoError.openSSL("\(context): serial number")
        }
    }

    func setName(_ name: DistinguishedName, _ set: (OpaquePointer?, OpaquePointer?) -> Int32) throws {
        let x509Name = try name.makeX509Name()
        defer { X509_NAME_free(x509Name) }
        try check(set(x509, x509Name), "name \(name)")
    }

    /// Adds a DER-encodable OpenSSL structure as extension `nid` (X509_add1_ext_i2d copies it).
    private func add(_ nid: Int32, _ value: UnsafeMutableRawPointer, critical: Bool, _ what: String) throws {
        try check(X509_add1_ext_i2d(x509, nid, value, critical ? 1 : 0, 0), what)
    }

    func addKeyUsage(_ usage: KeyUsage) throws {
        guard let bits = ASN1_BIT_STRING_new() else { throw CryptoError.openSSL(context) }
        defer { ASN1_BIT_STRING_free(bits) }
        for bit in usage.bitNumbers {
            try check(ASN1_BIT_STRING_set_bit(bits, Int32(bit), 1), "keyUsage")
        }
        try add(NID_key_usage, UnsafeMutableRawPointer(bits), critical: true, "keyUsage")
    }

    func addExtendedKeyUsage(_ usages: [ExtendedKeyUsage]) throws {
        guard let stack = kiln_EXTENDED_KEY_USAGE_new_null() else { throw CryptoError.openSSL(context) }
        defer { kiln_EXTENDED_KEY_USAGE_pop_free(stack) }
        for usage in usages {
            guard let object = OBJ_nid2obj(usage.nid).flatMap({ OBJ_dup($0) }) else { throw CryptoError.openSSL(context) }
            guard kiln_sk_ASN1_OBJECT_push(stack, object) > 0 else {
                ASN1_OBJECT_free(object)
                throw CryptoError.openSSL("\(context): extendedKeyUsage")
            }
        }
        try add(NID_ext_key_usage, UnsafeMutableRawPointer(stack), critical: false, "extendedKeyUsage")
    }

    func addBasicConstraints(isCA: Bool, critical: Bool) throws {
        guard let constraints = BASIC_CONSTRAINTS_new() else { throw CryptoError.openSSL(context) }
        defer { BASIC_CONSTRAINTS_free(constraints) }
        // DER encodes BOOLEAN TRUE as 0xFF; OpenSSL stores the byte it will write.
        constraints.pointee.ca = isCA ? 0xff : 0
        try add(NID_basic_constraints, UnsafeMutableRawPointer(constraints), critical: critical, "basicConstraints")
    }

    /// Adds SHA-1 of the subject public key bits and returns it.
    func addSubjectKeyIdentifier() throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        try check(X509_pubkey_digest(x509, EVP_sha1(), &digest, &length), "subjectKeyIdentifier")
        let keyID = Array(digest.prefix(Int(length)))
        try addOctetString(keyID) { octets in
            try add(NID_subject_key_identifier, UnsafeMutableRawPointer(octets), critical: false, "subjectKeyIdentifier")
        }
        return keyID
    }

    func addAuthorityKeyIdentifier(_ keyID: [UInt8]) throws {
        guard let authority = AUTHORITY_KEYID_new() else { throw CryptoError.openSSL(context) }
        defer { AUTHORITY_KEYID_free(authority) } // also frees keyid, which it owns
        guard let octets = ASN1_OCTET_STRING_new() else { throw CryptoError.openSSL(context) }
        authority.pointee.keyid = octets
        try check(ASN1_OCTET_STRING_set(octets, keyID, Int32(keyID.count)), "authorityKeyIdentifier")
        try add(NID_authority_key_identifier, UnsafeMutableRawPointer(authority), critical: false, "authorityKeyIdentifier")
    }

    func addSubjectAlternativeNames(dns: [String], ips: [[UInt8]]) throws {
        guard let names = GENERAL_NAMES_new() else { throw CryptoError.openSSL(context) }
        defer { kiln_GENERAL_NAMES_free(names) }
        func push(_ type: Int32, _ value: [UInt8], _ make: () -> UnsafeMutablePointer<ASN1_STRING>?) throws {
            guard let string = make() else { throw CryptoError.openSSL(context) }
            guard ASN1_STRING_set(string, value, Int32(value.count)) == 1, let name = GENERAL_NAME_new() else {
                ASN1_STRING_free(string)
                throw CryptoError.openSSL("\(context): subjectAltName")
            }
            GENERAL_NAME_set0_value(name, type, UnsafeMutableRawPointer(string)) // name owns string now
            guard kiln_sk_GENERAL_NAME_push(names, name) > 0 else {
                GENERAL_NAME_free(name)
                throw CryptoError.openSSL("\(context): subjectAltName")
            }
        }
        for name in dns { try push(GEN_DNS, Array(name.utf8), { ASN1_IA5STRING_new() }) }
        for ip in ips { try push(GEN_IPADD, ip, { ASN1_OCTET_STRING_new() }) }
        try add(NID_subject_alt_name, UnsafeMutableRawPointer(names), critical: false, "subjectAltName")
    }

    private func addOctetString(_ bytes: [UInt8], _ body: (UnsafeMutablePointer<ASN1_OCTET_STRING>) throws -> Void) throws {
        guard let octets = ASN1_OCTET_STRING_new() else { throw CryptoError.openSSL(context) }
        defer { ASN1_OCTET_STRING_free(octets) }
        try check(ASN1_OCTET_STRING_set(octets, bytes, Int32(bytes.count)), "octet string")
        try body(octets)
    }
}
