import Foundation
import KilnCrypto

/// Small CAs and leaves for certificate tests.
enum TestPKI {
    static let now = Date()

    static func ca(_ algorithm: KeyAlgorithm = .ecdsaP256, organization: String = "kiln-test",
                   validity: Validity = .hours(24, from: now.addingTimeInterval(-3600))) throws -> CertificateAuthority {
        try CertificateAuthority.generate(algorithm, subject: DistinguishedName(organizations: [organization]), validity: validity)
    }

    static func serverBuilder(validity: Validity = .hours(12, from: now.addingTimeInterval(-60))) -> CertificateBuilder {
        CertificateBuilder(subject: DistinguishedName(organizations: ["kiln"], commonName: "node-1"),
                           validity: validity, keyUsage: [.digitalSignature],
                           extendedKeyUsage: [.serverAuth],
                           dnsNames: ["node-1.example.com", "localhost"],
                           ipAddresses: ["10.5.0.2", "fd00::2"])
    }
}
