/// How a private key is written as PEM. Each format fits some key types only.
public enum PrivateKeyFormat: Hashable, Sendable, CaseIterable {
    /// PKCS#8 `PRIVATE KEY`: any key type.
    case pkcs8
    /// PKCS#1 `RSA PRIVATE KEY`: RSA only.
    case pkcs1
    /// SEC1 `EC PRIVATE KEY` (with the curve and public key, as OpenSSL and Go write it): ECDSA only.
    case sec1
    /// `ED25519 PRIVATE KEY`: a PKCS#8 body under Talos's own label. Ed25519 only.
    case talosEd25519

    public var pemLabel: String {
        switch self {
        case .pkcs8: "PRIVATE KEY"
        case .pkcs1: "RSA PRIVATE KEY"
        case .sec1: "EC PRIVATE KEY"
        case .talosEd25519: "ED25519 PRIVATE KEY"
        }
    }

    /// The format Talos writes for a key of this type (`talosctl gen secrets`, talosconfig).
    public static func talos(for algorithm: KeyAlgorithm) -> PrivateKeyFormat {
        switch algorithm {
        case .ed25519: .talosEd25519
        case .ecdsaP256: .sec1
        case .rsa: .pkcs1
        }
    }

    /// The format a PEM label announces, if it is one kiln reads.
    init?(pemLabel: String) {
        guard let format = Self.allCases.first(where: { $0.pemLabel == pemLabel }) else { return nil }
        self = format
    }

    func fits(_ algorithm: KeyAlgorithm) -> Bool {
        switch (self, algorithm) {
        case (.pkcs8, _), (.pkcs1, .rsa), (.sec1, .ecdsaP256), (.talosEd25519, .ed25519): true
        default: false
        }
    }
}
