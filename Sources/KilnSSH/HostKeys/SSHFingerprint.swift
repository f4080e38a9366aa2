import KilnCrypto

/// OpenSSH's key fingerprint: `SHA256:` + unpadded base64 of the SHA-256 of the key blob, exactly
/// what `ssh-keygen -l -E sha256` prints.
public enum SSHFingerprint {
    public static func sha256(ofKeyBlob blob: [UInt8]) -> String {
        "SHA256:" + Base64.encode(Digest.sha256.hash(blob), padded: false)
    }

    /// Normalises a user-supplied fingerprint: accepts it with or without the `SHA256:` prefix and
    /// with or without base64 padding.
    static func normalized(_ text: String) -> String {
        var body = text.trimmingWhitespace()
        if body.lowercased().hasPrefix("sha256:") { body = String(body.dropFirst(7)) }
        while body.hasSuffix("=") { body.removeLast() }
        return "SHA256:" + body
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
