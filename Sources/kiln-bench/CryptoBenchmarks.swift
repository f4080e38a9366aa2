import Foundation
import KilnCrypto

/// What generating a Talos secrets bundle and sealing state cost: key generation per
/// algorithm, issuing a node certificate, AES-256-GCM over a state-sized blob.
struct CryptoBenchmarks {
    func run() async throws -> [Measurement] {
        var rows: [Measurement] = []
        for (name, algorithm, count) in [("Ed25519", KeyAlgorithm.ed25519, 2000), ("ECDSA P-256", .ecdsaP256, 2000),
                                         ("RSA-2048", .rsa(bits: 2048), 20), ("RSA-4096", .rsa(bits: 4096), 5)] {
            rows.append(try await Runner.measure("generate \(name) key", count: count, width: 1) {
                _ = try PrivateKey.generate(algorithm)
            })
        }
        let ca = try CertificateAuthority.generate(.ed25519, subject: DistinguishedName(organizations: ["talos"]),
                                                   validity: .hours(87600))
        rows.append(try await Runner.measure("issue Ed25519 leaf under an Ed25519 CA", count: 2000, width: 1) {
            _ = try ca.issueWithNewKey(CertificateBuilder(subject: DistinguishedName(organizations: ["os:admin"]),
                                                          validity: .hours(8760), extendedKeyUsage: [.clientAuth]))
        })
        let key = try AES256GCM.generateKey()
        let state = [UInt8](repeating: 0x5A, count: 1 << 20)
        var seal = try await Runner.measure("AES-256-GCM seal 1 MiB", count: 200, width: 1) {
            _ = try AES256GCM.seal(state, key: key)
        }
        seal.bytes = Int64(state.count) * 200
        rows.append(seal)
        return rows
    }
}
