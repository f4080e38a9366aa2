import KilnCrypto

/// What can be learnt about a private key without decrypting it: its type. Used only to make
/// error messages specific (RSA keys and libssh2 1.10, unsupported formats).
enum PrivateKeyInfo {
    enum Format: Equatable {
        case openSSH(publicKeyType: String?)
        case pem(label: String)
        case unknown
    }

    static func format(of key: SSHPrivateKey) -> Format {
        let text = String(decoding: key.keyData, as: UTF8.self)
        if let body = pemBody(text, label: "OPENSSH PRIVATE KEY") {
            return .openSSH(publicKeyType: openSSHPublicKeyType(body))
        }
        for label in ["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY"]
        where pemBody(text, label: label) != nil {
            return .pem(label: label)
        }
        return .unknown
    }

    static func isRSA(_ key: SSHPrivateKey) -> Bool {
        switch format(of: key) {
        case .openSSH(let type): type == "ssh-rsa"
        case .pem(let label): label == "RSA PRIVATE KEY"
        case .unknown: false
        }
    }

    private static func pemBody(_ text: String, label: String) -> String? {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[start.upperBound..<stop.lowerBound])
    }

    /// openssh-key-v1: magic, cipher, kdf, kdf options, key count, then the public key blob in the
    /// clear (even for encrypted keys), whose first string is the key type.
    private static func openSSHPublicKeyType(_ base64: String) -> String? {
        guard let bytes = try? Base64.decode(base64) else { return nil }
        let magic = Array("openssh-key-v1\0".utf8)
        guard bytes.starts(with: magic) else { return nil }
        var reader = SSHWire.Reader(Array(bytes.dropFirst(magic.count)))
        guard reader.readString() != nil, reader.readString() != nil, reader.readString() != nil,
              let count = reader.readUInt32(), count >= 1, let blob = reader.readString() else { return nil }
        return SSHWire.firstString(blob)
    }
}
