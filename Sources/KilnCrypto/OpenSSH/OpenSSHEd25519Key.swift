/// An Ed25519 key in OpenSSH's own format (`openssh-key-v1`, see OpenSSH's PROTOCOL.key), as a
/// GitOps deploy key needs: the private key file, the `ssh-ed25519 AAAA… comment` line for
/// `authorized_keys` or a Git host, and the `SHA256:…` fingerprint `ssh-keygen -l` prints.
public struct OpenSSHEd25519Key: Sendable, CustomStringConvertible {
    public static let pemLabel = "OPENSSH PRIVATE KEY"
    static let magic = Array("openssh-key-v1".utf8) + [0]
    static let keyType = "ssh-ed25519"

    public let privateKey: PrivateKey
    public var comment: String

    public init(privateKey: PrivateKey, comment: String = "") throws {
        guard privateKey.algorithm == .ed25519 else {
            throw CryptoError(.invalidArgument, "making an OpenSSH key", detail: "\(privateKey.algorithm) key; only Ed25519 is supported")
        }
        self.privateKey = privateKey
        self.comment = comment
    }

    public static func generate(comment: String = "") throws -> OpenSSHEd25519Key {
        try OpenSSHEd25519Key(privateKey: .generate(.ed25519), comment: comment)
    }

    /// The public key blob: string "ssh-ed25519", string 32-byte key.
    var publicBlob: [UInt8] {
        var writer = SSHWireWriter()
        writer.string(Self.keyType)
        writer.string(privateKey.publicKey.ed25519Raw ?? [])
        return writer.bytes
    }

    /// `ssh-ed25519 AAAA… comment` (without the comment when it is empty), no newline.
    public var publicLine: String {
        let line = "\(Self.keyType) \(Base64.encode(publicBlob))"
        return comment.isEmpty ? line : "\(line) \(comment)"
    }

    /// `SHA256:` and the unpadded base64 SHA-256 of the public blob, as `ssh-keygen -l -E sha256`.
    public var fingerprint: String {
        "SHA256:" + Base64.encode(Digest.sha256.hash(publicBlob), padded: false)
    }

    public var description: String { "OpenSSHEd25519Key(\(fingerprint), <redacted>)" }
}
