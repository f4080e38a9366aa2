import Foundation
import KilnCrypto

/// The self-signed certificate a lab serves, made fresh at every start (P-256), as PVE ships one
/// per node: users pin its SHA-256 fingerprint.
public struct LabCertificate: Sendable {
    public let certificate: Certificate
    public let key: PrivateKey

    /// `AB:CD:…`, as `pvenode cert info` prints it.
    public var fingerprint: String { certificate.sha256Fingerprint }

    public static func generate(hosts: [String]) throws -> LabCertificate {
        let key = try PrivateKey.generate(.ecdsaP256)
        let ips = Array(Set(hosts.filter { IPv4Check.isAddress($0) } + ["127.0.0.1"])).sorted()
        let names = Array(Set(hosts.filter { !IPv4Check.isAddress($0) } + ["localhost"])).sorted()
        let builder = CertificateBuilder(
            subject: DistinguishedName([.init(.organization, "PVE Cluster Node"), .init(.organizationalUnit, "kiln-lab"),
                                        .init(.commonName, names.first ?? "localhost")]),
            validity: .hours(24 * 365), isCA: false, keyUsage: [.digitalSignature],
            extendedKeyUsage: [.serverAuth], dnsNames: names, ipAddresses: ips)
        return LabCertificate(certificate: try builder.selfSigned(with: key), key: key)
    }
}

enum IPv4Check {
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
